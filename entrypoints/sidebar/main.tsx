import { render } from 'preact';
import { Sidebar } from '../../components/Sidebar';
import '../../components/base.css';

render(<Sidebar />, document.getElementById('app') as HTMLElement);

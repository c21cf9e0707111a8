import { render } from 'preact';
import { Welcome } from '../../components/Welcome';
import '../../components/base.css';

render(<Welcome />, document.getElementById('app') as HTMLElement);

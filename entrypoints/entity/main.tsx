import { render } from 'preact';
import { EntityPage } from '../../components/EntityPage';
import '../../components/base.css';

render(<EntityPage />, document.getElementById('app') as HTMLElement);

import { render } from 'preact';
import { Options } from '../../components/Options';
import '../../components/base.css';

render(<Options />, document.getElementById('app') as HTMLElement);

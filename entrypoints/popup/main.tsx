import { render } from 'preact';
import { I18nProvider } from '../../components/i18n';
import { Popup } from '../../components/Popup';
import '../../components/base.css';

render(
  <I18nProvider>
    <Popup />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);

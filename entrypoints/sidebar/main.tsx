import { render } from 'preact';
import { I18nProvider } from '../../components/i18n';
import { Sidebar } from '../../components/Sidebar';
import '../../components/base.css';

render(
  <I18nProvider>
    <Sidebar />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);

import { render } from 'preact';
import { EntityPage } from '../../components/EntityPage';
import { I18nProvider } from '../../components/i18n';
import '../../components/base.css';

render(
  <I18nProvider>
    <EntityPage />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);

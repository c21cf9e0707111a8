import { render } from 'preact';
import { I18nProvider } from '../../components/i18n';
import { Options } from '../../components/Options';
import '../../components/base.css';

render(
  <I18nProvider>
    <Options />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);

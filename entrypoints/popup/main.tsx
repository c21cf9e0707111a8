import { render } from 'preact';
import { I18nProvider } from '../../components/i18n';
import { Popup } from '../../components/Popup';
import '../../components/base.css';

render(
  <I18nProvider>
    <Popup loadRest={() => import('../../components/PopupRest').then((module) => module.PopupRest)} />
  </I18nProvider>,
  document.getElementById('app') as HTMLElement,
);

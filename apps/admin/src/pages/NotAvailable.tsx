/** A module whose API the server does not have yet (see ./availability.ts). */
import { useI18n } from '../i18n';
import { PageTitle, Section } from '../components/ui';

export default function NotAvailable({ module }: { module: 'personnel' | 'services' }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t(`nav.${module}`)} />
      <Section id="not-available" title={t('notYet.title')}>
        <p data-testid="not-available">{t(`notYet.${module}`)}</p>
      </Section>
    </>
  );
}

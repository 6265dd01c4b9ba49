/** The way back from a reform module's page to the 基层治理 summary (keeping the page's date). */
import { Link } from 'wouter';
import { useText } from '@xianzhi/admin-kit';
import { useTimeHref } from '../../time/useTime';

const TEXT = { zh: { back: '← 基层治理' }, en: { back: '← Grassroots governance' } };

export function BackLink() {
  const { text } = useText(TEXT);
  const href = useTimeHref();
  return (
    <p className="muted">
      <Link href={href('/grassroots')}>{text.back}</Link>
    </p>
  );
}

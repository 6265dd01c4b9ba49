/** A post's name in the current language (shared by the roster and the appointment form). */
import type { PostRow } from '../../api/types';
import { useI18n } from '../../i18n';

/** A post's name: the server's Chinese title, or organisation · role in English. */
export function usePostLabel() {
  const { lang, t } = useI18n();
  return (p: Pick<PostRow, 'label' | 'organisation' | 'role'>) =>
    lang === 'zh' ? p.label : `${t(`personnel.org.${p.organisation}`)} · ${t(`personnel.role.${p.role}`)}`;
}

/** The wizard's change forms: the kinds of adjustment to choose from, and the fields of one change. */
import { useI18n } from '../../i18n';
import { FIELDS, OPS, emptyPart, type FieldSpec, type Op, type PartValues, type Values } from './model';
import { ClassSelect, DivisionInput, Field, FieldErrors, KindSelect } from './fields';

export function ChooseKind({ onChoose }: { onChoose: (op: Op) => void }) {
  const { t } = useI18n();
  return (
    <div className="op-grid" role="list">
      {OPS.map((op) => (
        <button
          key={op}
          type="button"
          role="listitem"
          className="op-card"
          data-op={op}
          onClick={() => onChoose(op)}
        >
          <strong>{t(`op.${op}`)}</strong>
          <span className="muted">{t(`op.${op}.hint`)}</span>
        </button>
      ))}
    </div>
  );
}

export function ChangeFields({
  op,
  index,
  values,
  setValues,
  on,
  errorsOf,
}: {
  op: Op;
  /** The change's place in the document (its error paths are `changes.<index>.…`). */
  index: number;
  values: Values;
  setValues: (v: Values) => void;
  on: string;
  errorsOf: (path: string) => string[] | undefined;
}) {
  const { t } = useI18n();
  const set = (key: string, v: Values[string]) => setValues({ ...values, [key]: v });
  const render = (f: FieldSpec) => {
    const path = `changes.${index}.${f.key}`;
    const label = t(`field.${f.key}` as Parameters<typeof t>[0]);
    const errors = errorsOf(path);
    switch (f.type) {
      case 'division':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <DivisionInput
              value={values[f.key] as string}
              onChange={(v) => set(f.key, v)}
              on={on}
              label={label}
              path={path}
              invalid={!!errors}
            />
          </Field>
        );
      case 'divisions': {
        const list = values[f.key] as string[];
        return (
          <Field
            key={f.key}
            label={label}
            path={path}
            errors={errors}
            required={f.required}
            hint={t('record.divisionsHint')}
          >
            {list.map((v, i) => (
              <div key={i} className="row" data-field={`${path}.${i}`}>
                <DivisionInput
                  value={v}
                  onChange={(nv) =>
                    set(
                      f.key,
                      list.map((x, j) => (j === i ? nv : x)),
                    )
                  }
                  on={on}
                  label={`${label} ${i + 1}`}
                  path={`${path}.${i}`}
                  invalid={!!errorsOf(`${path}.${i}`)}
                />
                {list.length > 1 && (
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      set(
                        f.key,
                        list.filter((_, j) => j !== i),
                      )
                    }
                    aria-label={t('record.remove')}
                  >
                    ×
                  </button>
                )}
                <FieldErrors messages={errorsOf(`${path}.${i}`)} path={`${path}.${i}`} />
              </div>
            ))}
            <button type="button" className="small" onClick={() => set(f.key, [...list, ''])}>
              {t('record.add')}
            </button>
          </Field>
        );
      }
      case 'text':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <input
              type="text"
              value={values[f.key] as string}
              aria-label={label}
              aria-invalid={!!errors}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </Field>
        );
      case 'childCodes':
        return (
          <Field
            key={f.key}
            label={t('field.childCodes')}
            path={path}
            errors={errors}
            hint={t('record.childCodesHint')}
          >
            <textarea
              rows={3}
              value={values[f.key] as string}
              aria-label={t('field.childCodes')}
              aria-invalid={!!errors}
              placeholder="510722101201 510722100215"
              onChange={(e) => set(f.key, e.target.value)}
            />
          </Field>
        );
      case 'code':
        return (
          <Field
            key={f.key}
            label={label}
            path={path}
            errors={errors}
            required={f.codeRequired}
            hint={f.codeRequired ? undefined : t('record.codeHint')}
          >
            <input
              type="text"
              inputMode="numeric"
              value={values[f.key] as string}
              aria-label={label}
              aria-invalid={!!errors}
              onChange={(e) => set(f.key, e.target.value)}
            />
          </Field>
        );
      case 'kind':
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required={f.required}>
            <KindSelect value={values[f.key] as string} onChange={(v) => set(f.key, v)} label={label} />
          </Field>
        );
      case 'classification':
        return (
          <Field key={f.key} label={label} path={path} errors={errors}>
            <ClassSelect
              value={values[f.key] as string}
              onChange={(v) => set(f.key, v)}
              label={label}
              nullable={f.nullable}
            />
          </Field>
        );
      case 'checkbox':
        return (
          <label key={f.key} className="check">
            <input
              type="checkbox"
              checked={values[f.key] !== false}
              onChange={(e) => set(f.key, e.target.checked)}
            />{' '}
            {label}
          </label>
        );
      case 'parts': {
        const parts = values[f.key] as PartValues[];
        const setPart = (i: number, p: Partial<PartValues>) =>
          set(
            f.key,
            parts.map((x, j) => (j === i ? { ...x, ...p } : x)),
          );
        return (
          <Field key={f.key} label={label} path={path} errors={errors} required>
            {parts.map((p, i) => (
              <fieldset key={i} className="part">
                <legend>{t('record.part', { n: i + 1 })}</legend>
                <Field
                  label={t('field.name')}
                  path={`${path}.${i}.name`}
                  errors={errorsOf(`${path}.${i}.name`)}
                  required
                >
                  <input
                    type="text"
                    value={p.name}
                    aria-label={`${t('record.part', { n: i + 1 })} ${t('field.name')}`}
                    onChange={(e) => setPart(i, { name: e.target.value })}
                  />
                </Field>
                <Field
                  label={t('field.kind')}
                  path={`${path}.${i}.kind`}
                  errors={errorsOf(`${path}.${i}.kind`)}
                >
                  <KindSelect
                    value={p.kind}
                    onChange={(v) => setPart(i, { kind: v })}
                    label={t('field.kind')}
                    optional
                  />
                </Field>
                <Field
                  label={t('field.code')}
                  path={`${path}.${i}.code`}
                  errors={errorsOf(`${path}.${i}.code`)}
                  hint={t('record.codeHint')}
                >
                  <input type="text" value={p.code} onChange={(e) => setPart(i, { code: e.target.value })} />
                </Field>
                <Field
                  label={t('field.classification')}
                  path={`${path}.${i}.classification`}
                  errors={errorsOf(`${path}.${i}.classification`)}
                >
                  <ClassSelect
                    value={p.classification}
                    onChange={(v) => setPart(i, { classification: v })}
                    label={t('field.classification')}
                  />
                </Field>
                <Field
                  label={t('field.children')}
                  path={`${path}.${i}.children`}
                  errors={errorsOf(`${path}.${i}.children`)}
                  hint={t('record.childrenHint')}
                >
                  <input
                    type="text"
                    value={p.children}
                    onChange={(e) => setPart(i, { children: e.target.value })}
                  />
                </Field>
                {parts.length > 1 && (
                  <button
                    type="button"
                    className="small"
                    onClick={() =>
                      set(
                        f.key,
                        parts.filter((_, j) => j !== i),
                      )
                    }
                  >
                    {t('record.removePart')}
                  </button>
                )}
              </fieldset>
            ))}
            <button type="button" className="small" onClick={() => set(f.key, [...parts, emptyPart()])}>
              {t('record.addPart')}
            </button>
          </Field>
        );
      }
    }
  };
  return <>{FIELDS[op].map(render)}</>;
}

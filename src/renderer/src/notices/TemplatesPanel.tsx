import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { DEFAULT_NOTICE_TEMPLATES } from '../../../shared/notices/default-templates';
import { NOTICE_KIND_NAMES, noticeKinds, type NoticeKind } from '../../../shared/notices/notice-kinds';
import { renderNotice, variablesOfKind, type NoticeTemplate, type NoticeVariable } from '../../../shared/notices/notice-template';
import type { NoticeSetup } from '../../../shared/relay-rest/notices';
import { CustomerPicker } from '../customers/CustomerPicker';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { TabList } from '../navigation/TabList';
import { BODY_MAX, insertVariable, placeholder, sampleValues, SUBJECT_MAX, templateOf, templateTextProblem, VARIABLE_WORDS, type TemplateErrors } from './notice-template-form';
import { KIND_WORDS } from './notice-words';

interface TemplatesPanelProps {
  client: RingsideClient;
  setup: NoticeSetup;
  currency: string;
  canEdit: boolean;
  onSaved(setup: NoticeSetup): void;
}

const tabs = noticeKinds.map((kind) => ({ id: kind, label: NOTICE_KIND_NAMES[kind] }));

/** The kind's saved template; the default one where the relay has none yet. */
function savedTemplate(setup: NoticeSetup, kind: NoticeKind): NoticeTemplate {
  return setup.templates.find((template) => template.kind === kind) ?? DEFAULT_NOTICE_TEMPLATES[kind];
}

/** What each notice says: one tab per kind, its subject and message with a preview beside them. */
export function TemplatesPanel({ client, setup, currency, canEdit, onSaved }: TemplatesPanelProps) {
  const id = useId();
  const [kind, setKind] = useState<NoticeKind>('payment_reminder');
  return (
    <section className="panel panel--full notice-templates" aria-labelledby="notice-templates-title" data-testid="notice-templates">
      <h2 id="notice-templates-title">What each notice says</h2>
      <TabList<NoticeKind> label="Notice templates" tabs={tabs} current={kind} onChange={setKind} idPrefix={id} />
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${kind}`} className="notice-templates__panel">
        {/* Keyed by kind: each tab starts from its saved template. */}
        <TemplateEditor key={kind} client={client} setup={setup} kind={kind} currency={currency} canEdit={canEdit} onSaved={onSaved} />
      </div>
    </section>
  );
}

type Preview = { source: 'sample' } | { source: 'customer'; customer: CustomerSummary; rendered: { subject: string; body: string } | null; error: string | null };

const PREVIEW_DELAY_MS = 300;

function TemplateEditor({ client, setup, kind, currency, canEdit, onSaved }: TemplatesPanelProps & { kind: NoticeKind }) {
  const saved = savedTemplate(setup, kind);
  const [subject, setSubject] = useState(saved.subject);
  const [body, setBody] = useState(saved.body);
  const [errors, setErrors] = useState<TemplateErrors>({});
  const [picking, setPicking] = useState(false);
  const [preview, setPreview] = useState<Preview>({ source: 'sample' });
  const submit = useSubmit();
  const fields = { subject: useRef<HTMLInputElement>(null), body: useRef<HTMLTextAreaElement>(null) };
  /** The field a variable goes into: the one last in focus. */
  const [target, setTarget] = useState<'subject' | 'body'>('body');
  const pendingCaret = useRef<number | null>(null);

  // Unknown variables are said as they are typed, not only on Save.
  const live: TemplateErrors = {};
  const subjectProblem = templateTextProblem(kind, subject, SUBJECT_MAX);
  const bodyProblem = templateTextProblem(kind, body, BODY_MAX);
  if (subjectProblem && subject.trim() !== '') live.subject = subjectProblem;
  if (bodyProblem && body.trim() !== '') live.body = bodyProblem;
  const shown: TemplateErrors = { ...errors, ...live };

  const customerId = preview.source === 'customer' ? preview.customer.id : null;
  useEffect(() => {
    if (customerId === null) return;
    let current = true;
    const timer = setTimeout(() => {
      client.invoke('notices.preview', { kind, subject: subject.slice(0, SUBJECT_MAX), body: body.slice(0, BODY_MAX), customerId }).then(
        (rendered) => current && setPreview((last) => (last.source === 'customer' ? { ...last, rendered, error: null } : last)),
        (failure: Error) => current && setPreview((last) => (last.source === 'customer' ? { ...last, error: failure.message } : last)),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, kind, subject, body, customerId]);

  useEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null) return;
    pendingCaret.current = null;
    const field = fields[target].current;
    field?.focus();
    field?.setSelectionRange(caret, caret);
  });

  function insert(variable: NoticeVariable): void {
    const field = fields[target].current;
    const text = target === 'subject' ? subject : body;
    const inserted = insertVariable(text, field?.selectionStart ?? text.length, field?.selectionEnd ?? text.length, variable);
    (target === 'subject' ? setSubject : setBody)(inserted.text);
    pendingCaret.current = inserted.caret;
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const result = templateOf(kind, subject, body);
    if (!result.ok) {
      setErrors(result.errors);
      submit.fail('Some fields need attention.');
      return;
    }
    setErrors({});
    void submit.run(async () => {
      const answer = await client.invoke('notices.saveTemplate', { template: result.value });
      setSubject(result.value.subject);
      setBody(result.value.body);
      onSaved(answer);
      return `The ${NOTICE_KIND_NAMES[kind].toLowerCase()} template is saved: notices decided from now on say this.`;
    });
  }

  const sample = renderNotice({ kind, subject, body }, sampleValues(kind, setup.businessName, currency));
  const rendered = preview.source === 'sample' ? sample : preview.rendered;
  const changed = subject !== saved.subject || body !== saved.body;

  return (
    <form className="notice-editor" onSubmit={onSubmit} noValidate data-testid="notice-template-editor" data-kind={kind}>
      <div className="notice-editor__edit">
        <p className="hint">{KIND_WORDS[kind]}</p>
        <fieldset className="notice-editor__fields" disabled={!canEdit}>
          <Field label="Subject" error={shown.subject} hint="Emails only; a text sends the message alone.">
            {(control) => (
              <input
                {...control}
                ref={fields.subject}
                className="input notice-editor__subject"
                value={subject}
                onFocus={() => setTarget('subject')}
                onChange={(event) => {
                  setSubject(event.target.value);
                  setErrors(({ subject: _dropped, ...rest }) => rest);
                }}
              />
            )}
          </Field>
          <Field label="Message" error={shown.body}>
            {(control) => (
              <textarea
                {...control}
                ref={fields.body}
                className="input notice-editor__body"
                rows={11}
                value={body}
                onFocus={() => setTarget('body')}
                onChange={(event) => {
                  setBody(event.target.value);
                  setErrors(({ body: _dropped, ...rest }) => rest);
                }}
              />
            )}
          </Field>
          <div className="notice-editor__variables" role="group" aria-label="Insert a variable">
            <span className="field__label">Insert into the {target === 'subject' ? 'subject' : 'message'}:</span>
            <ul className="plain-list notice-variables">
              {variablesOfKind[kind].map((variable) => (
                <li key={variable}>
                  <button type="button" className="button button--quiet notice-variable" title={`Insert ${placeholder(variable)}`} onMouseDown={(event) => event.preventDefault()} onClick={() => insert(variable)}>
                    <code>{placeholder(variable)}</code>
                    <span className="muted">{VARIABLE_WORDS[variable]}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </fieldset>
        {canEdit ? (
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submit.busy}>
              {submit.busy ? 'Saving…' : 'Save template'}
            </button>
            {changed ? (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  setSubject(saved.subject);
                  setBody(saved.body);
                  setErrors({});
                }}
              >
                Undo changes
              </button>
            ) : null}
          </div>
        ) : null}
        <SubmitStatus state={submit} testId="notice-template" />
      </div>
      <aside className="notice-preview" aria-labelledby={`notice-preview-${kind}`} data-testid="notice-preview">
        <div className="notice-preview__head">
          <h3 id={`notice-preview-${kind}`}>Preview</h3>
          <span className="muted" data-testid="notice-preview-source">
            {preview.source === 'sample' ? 'with sample figures' : `with ${preview.customer.name}'s figures, from the relay`}
          </span>
        </div>
        {preview.source === 'customer' && preview.error ? (
          <p className="error" role="alert">
            {preview.error}
          </p>
        ) : null}
        {rendered ? (
          <div className="notice-preview__message">
            <p className="notice-preview__subject" data-testid="notice-preview-subject">
              {rendered.subject}
            </p>
            <div className="notice-preview__body" data-testid="notice-preview-body">
              {rendered.body}
            </div>
          </div>
        ) : (
          <p className="muted">Asking the relay…</p>
        )}
        {picking ? (
          <CustomerPicker
            client={client}
            label="Preview with"
            value={null}
            onChange={(customer) => {
              setPicking(false);
              if (customer) setPreview({ source: 'customer', customer, rendered: null, error: null });
            }}
          />
        ) : (
          <div className="notice-preview__actions">
            <button type="button" className="button" onClick={() => setPicking(true)}>
              Preview with a customer
            </button>
            {preview.source === 'customer' ? (
              <button type="button" className="button button--quiet" onClick={() => setPreview({ source: 'sample' })}>
                Back to sample figures
              </button>
            ) : null}
          </div>
        )}
      </aside>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import type { FormErrors, FormResult } from '../billing/catalog-forms';
import { useSubmit } from './use-submit';

/**
 * A form whose text fields are validated into a typed value before anything is sent:
 * field errors shown beside the fields, then one write at a time with its outcome.
 * `save` returns the sentence to show when the write succeeded.
 */
export function useValidatedForm<F, V>(initial: F | (() => F), validate: (form: F) => FormResult<V, F>, save: (value: V) => Promise<string>) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const submit = useSubmit();
  const update = (patch: Partial<F>): void => setForm((current) => ({ ...current, ...patch }));

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const result = validate(form);
    if (!result.ok) {
      setErrors(result.errors);
      submit.fail('Some fields need attention.');
      return;
    }
    setErrors({});
    void submit.run(() => save(result.value));
  }

  return { form, update, errors, submit, onSubmit };
}

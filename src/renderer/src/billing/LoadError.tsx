/** A read that failed, said plainly where its data would be. */
export function LoadError({ what, error }: { what: string; error: string | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid="billing-load-error">
      Could not load {what}: {error}
    </p>
  );
}

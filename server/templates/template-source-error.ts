/** A problem in a template's source, at a line and column (1-based) when they are known. */
export class TemplateSourceError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateSourceError';
  }
}

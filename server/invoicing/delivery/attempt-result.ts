// What one attempt came to, as a channel reports it; the worker records it on the job.
export type AttemptResult =
  | { outcome: 'delivered'; httpStatus?: number; smtpResponse?: string }
  | { outcome: 'failed'; error: string; httpStatus?: number; smtpResponse?: string }
  | { outcome: 'skipped'; error: string };

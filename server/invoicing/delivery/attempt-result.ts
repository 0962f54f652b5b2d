// What one attempt came to, as a channel reports it; the worker records it on the job.
export type AttemptResult =
  | { outcome: 'delivered'; httpStatus?: number; smtpResponse?: string }
  | {
      outcome: 'failed';
      error: string;
      httpStatus?: number;
      smtpResponse?: string;
      /** Trying again cannot help (an SMTP 5xx: the address does not exist): failed at once. */
      permanent?: boolean;
    }
  | { outcome: 'skipped'; error: string };

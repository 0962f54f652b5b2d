// Sending e-mail: SMTP through nodemailer, to the server of SMTP_URL. One transport per process,
// reused across messages; its timeouts bound an attempt, so a mail server that stops answering
// fails the attempt (retried later) instead of holding the delivery worker.
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export type MailMessage = Mail.Options;

export interface MailSender {
  /** Resolves with the server's answer once it accepted the message; rejects otherwise. */
  send(message: MailMessage): Promise<{ response: string; messageId: string }>;
  close(): void;
}

/** An SMTP refusal or a broken connection, with the server's answer when there was one. */
export interface SmtpFailure {
  message: string;
  response?: string;
  /** The SMTP reply code, such as 550. */
  responseCode?: number;
}

export function smtpFailure(error: unknown): SmtpFailure {
  const failure = error as { message?: unknown; response?: unknown; responseCode?: unknown };
  return {
    message: typeof failure.message === 'string' ? failure.message : String(error),
    ...(typeof failure.response === 'string' && { response: failure.response }),
    ...(typeof failure.responseCode === 'number' && { responseCode: failure.responseCode }),
  };
}

export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(smtpUrl: string, timeoutMs = 30_000) {
    const options: SMTPTransport.Options = {
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    };
    this.transport = createTransport(options);
  }

  async send(message: MailMessage): Promise<{ response: string; messageId: string }> {
    const info = await this.transport.sendMail(message);
    return { response: info.response, messageId: info.messageId };
  }

  close(): void {
    this.transport.close();
  }
}

import nodemailer from 'nodemailer';
import type { Logger } from '@/server/platform/logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when SMTP_URL is set: mails really go out. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<void>;
}

/** Sends mail through SMTP_URL; without it, says in the log that nothing was sent (never the link). */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  logger: Logger;
}): Mailer {
  if (!options.smtpUrl) {
    return {
      configured: false,
      async send(message) {
        options.logger.warn(
          { to: message.to, subject: message.subject },
          'SMTP_URL is not set: mail not sent',
        );
      },
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    configured: true,
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
  };
}

// The public address that links in mails point to. queueNotification is called deep inside other
// code's transactions with no config at hand, so the module keeps the one setting it needs; it is
// set from Config when routes or jobs are registered (every app and every worker does one of both).
let publicUrl = 'http://localhost:3000';

export function configureNotifications(o: { publicUrl: string }): void {
  publicUrl = o.publicUrl;
}

export const notifySettings = () => ({ publicUrl });

/** The staff case page of a request in the web app. */
export const staffCaseUrl = (base: string, number: string) => new URL(`/verwaltung/anliegen/${encodeURIComponent(number)}`, base).toString();

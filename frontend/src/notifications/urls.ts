import { productUrl } from '../products/urls';

/** The viewer's notification feed. */
export const notificationsPath = '/dashboard/notifications';
/** Account Settings › Personal › Notification Preferences. */
export const notificationPreferencesPath = '/settings/personal/notifications';
/** Audience › Applications › Alerts: usage alerts of every product. */
export const alertsPath = '/audience/applications/alerts';
/** Products › a product › Applications › Alerts: its usage alert settings and alerts. */
export const productAlertsUrl = (productId: string) => `${productUrl(productId)}/alerts`;

import type { NotificationGroup } from '../gql/graphql';

interface GroupedSetting {
  group: NotificationGroup;
}

export const groupTitles: Record<NotificationGroup, string> = {
  ACCOUNTS: 'Accounts',
  APPLICATIONS: 'Applications',
  SUBSCRIPTIONS: 'Service subscriptions',
  BILLING: 'Billing',
  ALERTS: 'Usage alerts',
};

/** Groups settings in the catalogue's order, keeping only groups that have any. */
export function groupSettings<Setting extends GroupedSetting>(settings: readonly Setting[]): [NotificationGroup, Setting[]][] {
  const out: [NotificationGroup, Setting[]][] = [];
  for (const setting of settings) {
    const last = out[out.length - 1];
    if (last && last[0] === setting.group) last[1].push(setting);
    else out.push([setting.group, [setting]]);
  }
  return out;
}

/** "day" for DAY: how a period reads in a sentence. */
export function periodName(period: string): string {
  return period.toLowerCase();
}


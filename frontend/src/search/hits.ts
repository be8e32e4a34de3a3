import { accountUrl } from '../accounts/urls';
import { applicationUrl } from '../applications/urls';
import { backendUrl } from '../backends/urls';
import type { GlobalSearchQuery } from '../gql/graphql';
import { planUrl } from '../products/components/planKinds';
import { productUrl } from '../products/urls';
import { userUrl } from '../settings/urls';

/** One line of the search results: where it leads and how it reads. */
export interface Hit {
  key: string;
  title: string;
  detail: string;
  to: string;
}

export interface HitGroup {
  label: string;
  hits: Hit[];
}

type Result = GlobalSearchQuery['search'];

/** Which credential of an application is the searched text, if any: "user key", "application ID". */
export function matchedCredential(app: Result['applications'][number], text: string): string | null {
  const q = text.trim();
  if (app.userKey === q) return 'user key';
  if (app.appID === q) return 'application ID';
  if ((app.appKeys ?? []).includes(q)) return 'application key';
  return null;
}

const planKinds = { ACCOUNT: 'Account plan', SERVICE: 'Service plan', APPLICATION: 'Application plan' } as const;

/** The search result as groups of links, empty groups left out. */
export function hitGroups(result: Result, text: string): HitGroup[] {
  const groups: HitGroup[] = [
    {
      label: 'Accounts',
      hits: result.accounts.map((a) => ({ key: `a${a.id}`, title: a.orgName, detail: `Account, ${a.state.toLowerCase().replaceAll('_', ' ')}`, to: accountUrl(a.id) })),
    },
    {
      label: 'Applications',
      hits: result.applications.map((app) => {
        const credential = matchedCredential(app, text);
        return {
          key: `app${app.id}`,
          title: app.name,
          detail: `${credential ? `Matched by its ${credential} · ` : ''}${app.account.orgName} on ${app.product.name}`,
          to: applicationUrl(app.id),
        };
      }),
    },
    {
      label: 'Products',
      hits: result.products.map((p) => ({ key: `p${p.id}`, title: p.name, detail: `Product ${p.systemName}`, to: productUrl(p.id) })),
    },
    {
      label: 'Backends',
      hits: result.backends.map((b) => ({ key: `b${b.id}`, title: b.name, detail: `Backend ${b.systemName}`, to: backendUrl(b.id) })),
    },
    {
      label: 'Plans',
      hits: result.plans.map((plan) => ({
        key: `plan${plan.id}`,
        title: plan.name,
        detail: plan.product ? `${planKinds[plan.kind]} of ${plan.product.name}` : planKinds[plan.kind],
        to: planUrl({ kind: plan.kind, productId: plan.product?.id }, plan.id),
      })),
    },
    {
      label: 'Users',
      hits: result.users.map((u) => ({
        key: `u${u.id}`,
        title: u.username,
        detail: u.account ? `${u.email} · user of ${u.account.orgName}` : `${u.email} · team member`,
        to: u.account ? accountUrl(u.account.id) : userUrl(u.id),
      })),
    },
  ];
  return groups.filter((group) => group.hits.length > 0);
}

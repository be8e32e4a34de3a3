import { Button, Divider } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { ssoLoginOptionsQuery } from '../queries';

/** One button per enabled single sign-on integration; nothing when there is none or the list cannot be loaded. */
export function SSOLoginButtons({ returnTo }: { returnTo?: string }) {
  const [{ data }] = useQuery({ query: ssoLoginOptionsQuery });
  const options = data?.ssoLoginOptions ?? [];
  if (options.length === 0) return null;
  return (
    <div className="portico-sso-buttons">
      <Divider />
      {options.map((option) => {
        const href = returnTo
          ? `${option.startURL}${option.startURL.includes('?') ? '&' : '?'}${new URLSearchParams({ return_to: returnTo }).toString()}`
          : option.startURL;
        return (
          <Button key={option.startURL} component="a" href={href} variant="secondary" isBlock>
            Sign in with {option.name}
          </Button>
        );
      })}
    </div>
  );
}

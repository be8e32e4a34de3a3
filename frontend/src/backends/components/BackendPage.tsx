import type { ReactNode } from 'react';

import { PageHeader } from '../../components/PageHeader';
import { useNodeName } from '../../graphql/nodeName';
import { backendsPath, backendUrl } from '../urls';

export interface BackendPageProps {
  backendId: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** A screen inside one backend: breadcrumbs Backends › backend › screen. */
export function BackendPage({ backendId, title, description, children }: BackendPageProps) {
  const name = useNodeName(backendId) ?? 'Backend';
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        breadcrumbs={[
          { label: 'Backends', to: backendsPath },
          { label: name, to: backendUrl(backendId) },
          { label: title },
        ]}
      />
      {children}
    </>
  );
}

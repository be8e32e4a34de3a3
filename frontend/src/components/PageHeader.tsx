import {
  Breadcrumb,
  BreadcrumbItem,
  Content,
  Flex,
  FlexItem,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: string;
  to?: string;
}

export interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  breadcrumbs?: Crumb[];
  /** Buttons on the right of the title, e.g. "Create account". */
  actions?: ReactNode;
}

/** The title block of every screen; it also names the browser tab. */
export function PageHeader({ title, description, breadcrumbs, actions }: PageHeaderProps) {
  useDocumentTitle(title);
  return (
    <PageSection>
      {breadcrumbs && breadcrumbs.length > 0 ? (
        <Breadcrumb className="pf-v6-u-mb-md">
          {breadcrumbs.map((crumb, index) => {
            const key = `${crumb.label}-${index}`;
            const to = crumb.to;
            return to ? (
              <BreadcrumbItem
                key={key}
                render={({ className, ariaCurrent }) => (
                  <Link className={className} aria-current={ariaCurrent} to={to}>
                    {crumb.label}
                  </Link>
                )}
              />
            ) : (
              <BreadcrumbItem key={key} isActive>
                {crumb.label}
              </BreadcrumbItem>
            );
          })}
        </Breadcrumb>
      ) : null}
      <Flex alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentSpaceBetween' }}>
        <FlexItem>
          <Title headingLevel="h1">{title}</Title>
        </FlexItem>
        {actions ? <FlexItem>{actions}</FlexItem> : null}
      </Flex>
      {description ? <Content component="p" className="pf-v6-u-mt-sm">{description}</Content> : null}
    </PageSection>
  );
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Portico`;
  }, [title]);
}

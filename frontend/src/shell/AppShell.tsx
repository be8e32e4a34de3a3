import {
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { forwardRef, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';

import { dashboardPath } from '../dashboard/urls';
import { NotificationBell } from '../notifications/components/NotificationBell';
import { GlobalSearch } from '../search/GlobalSearch';
import { ContextSelector } from './ContextSelector';
import { Logo } from './Logo';
import { contextsFor, locate, sideNavigation, type Location, type NavViewer, type PlanLevels } from './navigation';
import { SideNav } from './SideNav';
import { ImpersonationBanner } from './ImpersonationBanner';
import { UserMenu } from './UserMenu';

export const mainContentId = 'portico-main';

const DashboardLink = forwardRef<HTMLAnchorElement, ComponentPropsWithoutRef<'a'>>(function DashboardLink(
  { href: _href, ...props },
  ref,
) {
  return <Link ref={ref} to={dashboardPath} aria-label="Portico dashboard" {...props} />;
});

export interface AppShellProps {
  /** Names the product or backend on the context selector, once a screen has loaded it. */
  contextLabel?: (location: Location) => ReactNode;
  displayName?: string | null;
  /** Which plan levels the navigation offers; all until the tenant's settings have loaded. */
  planLevels?: PlanLevels;
  /** Who is signed in; the admins' screens stay out of the navigation until it is known. */
  viewer?: NavViewer;
  children?: ReactNode;
}

/**
 * The frame of every signed-in screen: a masthead with the context selector
 * and user menu, the vertical navigation of the current context, and the
 * main content (the matched route, unless children are given).
 */
export function AppShell({ contextLabel, displayName, planLevels, viewer, children }: AppShellProps) {
  const { pathname } = useLocation();
  const location = locate(pathname);
  const entries = sideNavigation(location, planLevels, viewer);
  const contexts = contextsFor(viewer?.master ?? false);
  const contextName = contexts.find((context) => context.id === location.context)?.label ?? '';

  const masthead = (
    <Masthead>
      <MastheadMain>
        {entries ? (
          <MastheadToggle>
            <PageToggleButton isHamburgerButton aria-label="Side navigation" />
          </MastheadToggle>
        ) : null}
        <MastheadBrand>
          <MastheadLogo component={DashboardLink}>
            <Logo />
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarItem>
              <ContextSelector current={location.context} currentLabel={contextLabel?.(location)} contexts={contexts} />
            </ToolbarItem>
            <ToolbarGroup align={{ default: 'alignEnd' }}>
              <ToolbarItem>
                <GlobalSearch />
              </ToolbarItem>
              <ToolbarItem>
                <NotificationBell />
              </ToolbarItem>
              <ToolbarItem>
                <UserMenu displayName={displayName} />
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  const sidebar = entries ? (
    <PageSidebar>
      <PageSidebarBody>
        <SideNav entries={entries} label={`${contextName} navigation`} />
      </PageSidebarBody>
    </PageSidebar>
  ) : undefined;

  return (
    <Page
      masthead={masthead}
      sidebar={sidebar}
      isManagedSidebar
      skipToContent={<SkipToContent href={`#${mainContentId}`}>Skip to content</SkipToContent>}
      mainContainerId={mainContentId}
      mainAriaLabel="Main content"
    >
      {viewer?.impersonator ? <ImpersonationBanner impersonator={viewer.impersonator} displayName={displayName} /> : null}
      {children ?? <Outlet />}
    </Page>
  );
}

export const applicationsPath = '/audience/applications';

export const applicationUrl = (applicationId: string) =>
  `${applicationsPath}/${encodeURIComponent(applicationId)}`;

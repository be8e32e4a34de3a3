import { PageHeader } from '../../components/PageHeader';
import { ApplicationTable } from '../components/ApplicationTable';

/** Audience › Applications › Listing. */
export function ApplicationListView() {
  return (
    <>
      <PageHeader title="Applications" description="Applications of all developer accounts, across products." />
      <ApplicationTable />
    </>
  );
}

import { Breadcrumbs, Text } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { ImportProgress } from './ImportProgress';

export function ImportPage({ id }: { id: number }) {
  return (
    <>
      <PageHeader title={`Import #${id}`}
        above={<Breadcrumbs><AnchorLink to="/imports" fz="sm">Imports</AnchorLink><Text fz="sm">#{id}</Text></Breadcrumbs>} />
      <ImportProgress id={id} />
    </>
  );
}

import { Button, Group, Stepper } from '@mantine/core';
import { IconAddressBook, IconPlus } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { ButtonLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { isActive, useImport, type ImportJob } from './api';
import { KIND_LABELS } from './mapping';
import { ImportProgress } from './ImportProgress';
import { MappingStep } from './MappingStep';
import { UploadStep } from './UploadStep';

export function ImportWizard() {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [step, setStep] = useState(0);
  const live = useImport(job?.id ?? 0, !!job);
  const done = step === 2 && live.data && !isActive(live.data.status) && live.data.status !== 'uploaded';

  const mobile = useMediaQuery('(max-width: 48em)');
  const d = (text: string) => (mobile ? undefined : text);
  const restart = () => { setJob(null); setStep(0); };
  return (
    <>
      <PageHeader title={`Import ${job ? KIND_LABELS[job.kind].many : 'data'}`} description="Bring contacts, companies, deals or orders in from a CSV file."
        actions={<ButtonLink to="/imports" variant="default">Import history</ButtonLink>} />
      <Stepper active={done ? 3 : step} size="sm" mb="lg" allowNextStepsSelect={false} onStepClick={(s) => s < step && step < 2 && setStep(s)}>
        <Stepper.Step label="Upload" description={d('Choose a CSV file')}>
          <UploadStep onUploaded={(j) => { setJob(j); setStep(1); }} />
        </Stepper.Step>
        <Stepper.Step label="Map" description={d('Columns to fields')}>
          {job && <MappingStep job={job} onStarted={() => setStep(2)} />}
        </Stepper.Step>
        <Stepper.Step label="Import" description={d('Progress and errors')} loading={step === 2 && !done}>
          {job && <ImportProgress id={job.id} />}
        </Stepper.Step>
        <Stepper.Completed>{job && <ImportProgress id={job.id} />}</Stepper.Completed>
      </Stepper>
      {done && (
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={restart}>Import another file</Button>
          <ButtonLink to={KIND_LABELS[job!.kind].path} leftSection={<IconAddressBook size={16} />}>Go to {KIND_LABELS[job!.kind].many}</ButtonLink>
        </Group>
      )}
    </>
  );
}

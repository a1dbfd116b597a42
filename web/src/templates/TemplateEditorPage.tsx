import { Alert, Button, SimpleGrid, Stack, Tabs, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { usePreview, useSaveTemplate, useTemplate, type BlockDocument, type Template } from './api';
import { BlockEditor } from './BlockEditor';
import { TemplatePreview } from './TemplatePreview';
import { TestSendModal } from './TestSendModal';

const DEFAULT_DOC: BlockDocument = { blocks: [{ type: 'text', html: '<p>Hello</p>' }, { type: 'footer', html: '' }] };

function Editor({ template }: { template: Template }) {
  const [name, setName] = useState(template.name);
  const [subject, setSubject] = useState(template.subject);
  const [preheader, setPreheader] = useState(template.preheader);
  // Blocks when the template has them; the code view edits MJML, which drops the blocks on save.
  const [mode, setMode] = useState<'blocks' | 'code'>(template.blocks ? 'blocks' : 'code');
  const [doc, setDoc] = useState<BlockDocument>(template.blocks ?? DEFAULT_DOC);
  const [mjml, setMjml] = useState(template.mjml);
  const [testing, setTesting] = useState(false);
  const save = useSaveTemplate(template.id);
  useEffect(() => { if (save.data) setMjml(save.data.mjml); }, [save.data]);

  const content = useMemo(() => (mode === 'blocks' ? { subject, preheader, blocks: doc } : { subject, preheader, mjml }), [mode, subject, preheader, doc, mjml]);
  const [debounced] = useDebouncedValue(content, 400);
  const preview = usePreview(debounced);
  const errors = formErrors(save.error, ['name', 'subject', 'preheader', 'mjml', 'html']);
  const warnings = save.data?.warnings ?? template.warnings;

  const onSave = () => save.mutate({ name, ...content }, { onSuccess: () => notifySuccess('Template saved') });
  return (
    <>
      <PageHeader title={name || 'Template'}
        actions={<>
          <Button variant="light" leftSection={<IconSend size={16} />} onClick={() => setTesting(true)} data-testid="template-test">Send test</Button>
          <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={onSave} data-testid="template-save">Save</Button>
        </>} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <div style={{ minWidth: 0 }}>
          <Stack gap="sm">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} />
            <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.field('subject')} data-testid="template-subject" />
            <TextInput label="Preheader (the line inboxes show after the subject)" value={preheader} onChange={(e) => setPreheader(e.currentTarget.value)} error={errors.field('preheader')} />
            {warnings.map((w) => <Alert key={w} color="orange" data-testid="template-warning">{w}</Alert>)}
            <FormErrorAlert errors={errors} mt={0} />
            {(errors.field('mjml') || errors.field('html')) && <Alert color="red" data-testid="template-error">{errors.field('mjml') ?? errors.field('html')}</Alert>}
            <Tabs value={mode} onChange={(v) => { if (v === 'code' && preview.data) setMjml(save.data?.mjml ?? mjml); setMode((v ?? 'blocks') as 'blocks' | 'code'); }}>
              <Tabs.List>
                <Tabs.Tab value="blocks" data-testid="tab-blocks">Blocks</Tabs.Tab>
                <Tabs.Tab value="code" data-testid="tab-code">Code (MJML)</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="blocks" pt="sm"><BlockEditor doc={doc} onChange={setDoc} /></Tabs.Panel>
              <Tabs.Panel value="code" pt="sm">
                <Textarea label="MJML" autosize minRows={20} maxRows={40} value={mjml} onChange={(e) => setMjml(e.currentTarget.value)}
                  styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }} data-testid="template-mjml" />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </div>
        <div style={{ minWidth: 0 }}>
          <TemplatePreview preview={preview.data} loading={preview.isFetching} error={preview.error} />
        </div>
      </SimpleGrid>
      <TestSendModal templateId={template.id} opened={testing} onClose={() => setTesting(false)} />
    </>
  );
}

export function TemplateEditorPage({ id }: { id: number }) {
  const template = useTemplate(id);
  return (
    <>
      <QueryState isPending={template.isPending} error={template.error} refetch={template.refetch} />
      {template.data && <Editor template={template.data} />}
    </>
  );
}

import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  PageSection,
  ProgressStep,
  ProgressStepper,
} from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation } from 'urql';

import { CheckboxField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import type { ImportOpenApiMutation } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { ProductPage } from '../../products/components/ProductPage';
import { productMappingRulesUrl } from '../../products/urls';
import { ImportPreviewTable } from '../components/ImportPreviewTable';
import { summarize } from '../components/importSummary';
import { SpecField } from '../components/SpecField';
import { importOpenApiMutation } from '../queries';
import { activeDocUrl } from '../urls';

type Result = ImportOpenApiMutation['importOpenApi'];
type Step = 'document' | 'preview' | 'done';

const context = { additionalTypenames: ['Metric', 'MappingRule', 'ActiveDoc', 'Product', 'Backend'] };

/**
 * Products › a product › Integration › Import from OpenAPI: give a document, see what the import
 * would create and keep, then import it all at once.
 */
export function OpenApiImportView() {
  const { productId = '' } = useParams();
  const navigate = useNavigate();
  const notify = useNotify();
  const [body, setBody] = useState('');
  const [publish, setPublish] = useState(false);
  const [prefixMatching, setPrefixMatching] = useState(false);
  const [step, setStep] = useState<Step>('document');
  const [problem, setProblem] = useState('');
  const [preview, setPreview] = useState<Result | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [{ fetching }, runImport] = useMutation(importOpenApiMutation);

  async function run(dryRun: boolean) {
    setProblem('');
    if (!body.trim()) {
      setProblem('Upload or paste an OpenAPI document.');
      return;
    }
    const outcome = await runImport({ input: { productID: productId, body, dryRun, publish, prefixMatching } }, context);
    if (outcome.error || !outcome.data) {
      setProblem(errorMessage(outcome.error) || 'The import failed.');
      if (!dryRun) setStep('document');
      return;
    }
    if (dryRun) {
      setPreview(outcome.data.importOpenApi);
      setStep('preview');
      return;
    }
    setResult(outcome.data.importOpenApi);
    setStep('done');
    notify({ variant: 'success', title: `Imported “${outcome.data.importOpenApi.title}”` });
  }

  const stepVariant = (own: Step) => {
    const order: Step[] = ['document', 'preview', 'done'];
    const at = order.indexOf(step);
    const mine = order.indexOf(own);
    return mine < at ? 'success' : mine === at ? 'info' : 'pending';
  };

  return (
    <ProductPage
      productId={productId}
      title="Import from OpenAPI"
      description="Create a method and a mapping rule for every operation of an OpenAPI document, and keep the document as an ActiveDoc."
    >
      <PageSection>
        <ProgressStepper aria-label="Import steps" isCenterAligned>
          <ProgressStep id="import-step-document" titleId="import-step-document-title" variant={stepVariant('document')} isCurrent={step === 'document'}>
            Document
          </ProgressStep>
          <ProgressStep id="import-step-preview" titleId="import-step-preview-title" variant={stepVariant('preview')} isCurrent={step === 'preview'}>
            Preview
          </ProgressStep>
          <ProgressStep id="import-step-done" titleId="import-step-done-title" variant={stepVariant('done')} isCurrent={step === 'done'}>
            Imported
          </ProgressStep>
        </ProgressStepper>
      </PageSection>
      <PageSection isFilled>
        {problem ? (
          <Alert variant="danger" isInline title="The document cannot be imported" className="pf-v6-u-mb-md">
            {problem}
          </Alert>
        ) : null}
        {step === 'document' ? (
          <Card>
            <CardBody>
              <Form
                aria-label="OpenAPI document"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void run(true);
                }}
              >
                <SpecField id="import-body" isRequired value={body} onChange={setBody} />
                <CheckboxField
                  id="import-publish"
                  label="Publish the ActiveDoc"
                  description="Developers see the documentation once it is imported."
                  isChecked={publish}
                  onChange={setPublish}
                />
                <CheckboxField
                  id="import-prefix-matching"
                  label="Prefix matching"
                  description="Mapping rules also match longer paths (no '$' at the end of the pattern)."
                  isChecked={prefixMatching}
                  onChange={setPrefixMatching}
                />
                <ActionGroup>
                  <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
                    Preview
                  </Button>
                  <Button variant="link" onClick={() => navigate(productMappingRulesUrl(productId))}>
                    Cancel
                  </Button>
                </ActionGroup>
              </Form>
            </CardBody>
          </Card>
        ) : null}
        {step === 'preview' && preview ? (
          <Card>
            <CardTitle component="h2">
              {preview.title} (OpenAPI {preview.version}): {summarize(preview.items)}
            </CardTitle>
            <CardBody>
              <ImportPreviewTable items={preview.items} label="What the import will do" />
              <ActionGroup className="pf-v6-u-mt-lg">
                <Button variant="primary" onClick={() => void run(false)} isLoading={fetching} isDisabled={fetching}>
                  Import
                </Button>
                <Button variant="secondary" onClick={() => setStep('document')} isDisabled={fetching}>
                  Back
                </Button>
              </ActionGroup>
            </CardBody>
          </Card>
        ) : null}
        {step === 'done' && result ? (
          <Card>
            <CardTitle component="h2">Imported {result.title}</CardTitle>
            <CardBody>
              <ImportPreviewTable items={result.items} label="What the import did" />
              <p className="pf-v6-u-mt-lg">
                <Link to={productMappingRulesUrl(productId)}>See the mapping rules</Link>
                {result.activeDoc ? (
                  <>
                    {' · '}
                    <Link to={activeDocUrl(result.activeDoc.id)}>View the ActiveDoc “{result.activeDoc.name}”</Link>
                  </>
                ) : null}
              </p>
            </CardBody>
          </Card>
        ) : null}
      </PageSection>
    </ProductPage>
  );
}

import { Button, Card, CardBody, CardHeader, CardTitle, Flex, FlexItem, Form, HelperText, HelperTextItem, Label, List, ListItem, Title } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { referrerFilterProblem } from '../../components/validation';
import { errorMessage } from '../../graphql/errors';
import { addReferrerFilterMutation, removeReferrerFilterMutation } from '../queries';

export const maxReferrerFilters = 5;

/** The hosts an application may be used from, when its product requires referrer filtering. */
export function ReferrerFiltersCard({
  application,
}: {
  application: { id: string; referrerFilters: string[] | null; product: { referrerFiltersRequired: boolean } };
}) {
  const filters = application.referrerFilters ?? [];
  const full = filters.length >= maxReferrerFilters;
  const [text, setText] = useState('');
  const [doomed, setDoomed] = useState<string | null>(null);
  const { errors, setErrors, report } = useFormErrors(['filter']);
  const [, addFilter] = useMutation(addReferrerFilterMutation);
  const [, removeFilter] = useMutation(removeReferrerFilterMutation);
  const notify = useNotify();

  async function add() {
    const value = text.trim();
    const problem = referrerFilterProblem(value) ?? (filters.includes(value) ? 'The application already has this filter.' : undefined);
    if (problem) {
      setErrors({ filter: problem });
      return;
    }
    setErrors({});
    const result = await addFilter({ id: application.id, filter: value });
    if (result.error) return report(result.error, 'Could not add the referrer filter');
    setText('');
    notify({ variant: 'success', title: `Added referrer filter ${value}` });
  }

  async function confirmRemove() {
    if (!doomed) return;
    const result = await removeFilter({ id: application.id, filter: doomed });
    if (result.error) notify({ variant: 'danger', title: 'Could not delete the referrer filter', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted referrer filter ${doomed}` });
    setDoomed(null);
  }

  return (
    <Card className="pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Referrer filters{' '}
            <Label isCompact variant="outline" color={application.product.referrerFiltersRequired ? 'blue' : 'grey'}>
              {application.product.referrerFiltersRequired ? 'Enforced by the product' : 'Not enforced by the product'}
            </Label>
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Flex direction={{ default: 'column' }} gap={{ default: 'gapMd' }}>
          {filters.length === 0 ? (
            <p>No referrer filters: the application may be used from any host.</p>
          ) : (
            <List isPlain aria-label="Referrer filters">
              {filters.map((filter) => (
                <ListItem key={filter}>
                  <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
                    <code>{filter}</code>
                    <Button variant="link" isDanger isInline onClick={() => setDoomed(filter)} aria-label={`Delete referrer filter ${filter}`}>
                      Delete
                    </Button>
                  </Flex>
                </ListItem>
              ))}
            </List>
          )}
          <Form
            aria-label="Add a referrer filter"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!full) void add();
            }}
          >
            <Flex alignItems={{ default: 'alignItemsFlexEnd' }} gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
              <FlexItem grow={{ default: 'grow' }}>
                <TextField
                  id="referrer-filter"
                  label="New referrer filter"
                  isCode
                  isDisabled={full}
                  value={text}
                  onChange={setText}
                  error={errors.filter}
                  placeholder="*.example.com"
                />
              </FlexItem>
              <Button type="submit" variant="secondary" isAriaDisabled={full || text.trim() === ''}>
                Add filter
              </Button>
            </Flex>
          </Form>
          {full ? (
            <HelperText>
              <HelperTextItem variant="warning">An application has at most {maxReferrerFilters} referrer filters.</HelperTextItem>
            </HelperText>
          ) : null}
        </Flex>
      </CardBody>
      <ConfirmDialog isOpen={doomed !== null} title="Delete referrer filter?" confirmLabel="Delete" onConfirm={confirmRemove} onCancel={() => setDoomed(null)}>
        Requests referred from <code>{doomed}</code> will be refused
        {filters.length === 1 ? ', unless the list is empty, in which case any host is accepted' : ''}.
      </ConfirmDialog>
    </Card>
  );
}

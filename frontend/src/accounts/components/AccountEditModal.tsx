import { useState } from 'react';
import { useMutation } from 'urql';

import { TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { updateAccountMutation } from '../queries';

const fields = ['orgName', 'vatCode', 'billingAddress'];

export function AccountEditModal({
  account,
  onClose,
}: {
  account: { id: string; orgName: string; vatCode: string | null; billingAddress: string | null };
  onClose: () => void;
}) {
  const [orgName, setOrgName] = useState(account.orgName);
  const [vatCode, setVatCode] = useState(account.vatCode ?? '');
  const [billingAddress, setBillingAddress] = useState(account.billingAddress ?? '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, updateAccount] = useMutation(updateAccountMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ orgName: requiredProblem(orgName, 'the organization name') });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const vat = vatCode.trim();
    const address = billingAddress.trim();
    const result = await updateAccount({
      id: account.id,
      input: {
        orgName: orgName.trim(),
        ...(vat ? { vatCode: vat } : { clearVatCode: true }),
        ...(address ? { billingAddress: address } : { clearBillingAddress: true }),
      },
    });
    if (result.error) return report(result.error, 'Could not save the account');
    notify({ variant: 'success', title: `Saved account “${orgName.trim()}”` });
    onClose();
  }

  return (
    <FormModal isOpen title="Edit account" submitLabel="Save" onSubmit={submit} onClose={onClose} variant="medium">
      <TextField id="edit-account-org" label="Organization/Group name" isRequired value={orgName} onChange={setOrgName} error={errors.orgName} />
      <TextField id="edit-account-vat" label="VAT code" value={vatCode} onChange={setVatCode} error={errors.vatCode} />
      <TextAreaField id="edit-account-address" label="Billing address" value={billingAddress} onChange={setBillingAddress} error={errors.billingAddress} />
    </FormModal>
  );
}

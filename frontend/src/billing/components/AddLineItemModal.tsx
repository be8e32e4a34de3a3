import { useState } from 'react';
import { useMutation } from 'urql';

import { TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { addLineItemMutation } from '../queries';
import { formatMoney } from '../../components/money';

const amount = /^-?\d{1,12}(\.\d{1,4})?$/;

/** Adds a manual charge (a positive cost) or credit (a negative one) to an open or finalized invoice. */
export function AddLineItemModal({
  invoiceId,
  currency,
  onClose,
  onAdded,
}: {
  invoiceId: string;
  currency: string;
  onClose: () => void;
  onAdded?: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [cost, setCost] = useState('');
  const { errors, setErrors, report } = useFormErrors(['name', 'description', 'quantity', 'cost']);
  const [, addLineItem] = useMutation(addLineItemMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({
      name: requiredProblem(name, 'a name'),
      quantity: quantity.trim() === '' || /^\d{1,12}(\.\d{1,4})?$/.test(quantity.trim()) ? undefined : 'Enter a number of at most 4 decimals, or nothing.',
      cost: amount.test(cost.trim()) ? undefined : 'Enter an amount of at most 4 decimals; a negative amount is a credit.',
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await addLineItem(
      {
        invoiceID: invoiceId,
        input: {
          name: name.trim(),
          description: description.trim() || undefined,
          quantity: quantity.trim() || undefined,
          cost: cost.trim(),
        },
      },
      { additionalTypenames: ['Invoice', 'LineItem'] },
    );
    if (result.error) return report(result.error, 'Could not add the line item');
    notify({ variant: 'success', title: `Added “${name.trim()}” (${formatMoney(cost.trim(), currency, 4)})` });
    onAdded?.();
    onClose();
  }

  return (
    <FormModal
      isOpen
      title="Add line item"
      description="A manual charge, or a credit when the cost is negative. It is added to the invoice’s total before VAT."
      submitLabel="Add line item"
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField id="line-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextAreaField id="line-description" label="Description" value={description} onChange={setDescription} error={errors.description} rows={2} />
      <TextField id="line-quantity" label="Quantity" value={quantity} onChange={setQuantity} error={errors.quantity} inputMode="decimal" />
      <TextField
        id="line-cost"
        label={`Cost (${currency})`}
        isRequired
        value={cost}
        onChange={setCost}
        error={errors.cost}
        inputMode="decimal"
        helper="Up to 4 decimals; negative for a credit."
      />
    </FormModal>
  );
}

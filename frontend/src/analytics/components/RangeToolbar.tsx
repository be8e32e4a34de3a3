import {
  FormSelect,
  FormSelectOption,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import type { ReactNode } from 'react';

import type { AnalyticsGranularity } from '../../gql/graphql';
import { granularityLabels, timeFrame, timeFrames, type RangeChoice, type TimeFrameId } from '../range';

export interface RangeToolbarProps {
  choice: RangeChoice;
  onChange: (choice: RangeChoice) => void;
  /** More items before the time frame, e.g. the metric picker. */
  children?: ReactNode;
  /** After the time frame, e.g. the CSV download. */
  actions?: ReactNode;
  /** Hide the granularity picker (top applications and response codes have none). */
  withGranularity?: boolean;
}

/** The time frame (and granularity) of an analytics screen. */
export function RangeToolbar({ choice, onChange, children, actions, withGranularity = true }: RangeToolbarProps) {
  const frame = timeFrame(choice.frame);
  return (
    <Toolbar inset={{ default: 'insetNone' }}>
      <ToolbarContent>
        {children}
        <ToolbarGroup>
          <ToolbarItem>
            <FormSelect
              aria-label="Time frame"
              value={choice.frame}
              onChange={(_event, value) => {
                const next = timeFrame(value as TimeFrameId);
                onChange({ ...choice, frame: next.id, granularity: next.granularities[0] });
              }}
            >
              {timeFrames.map((option) => (
                <FormSelectOption key={option.id} value={option.id} label={option.label} />
              ))}
            </FormSelect>
          </ToolbarItem>
          {choice.frame === 'custom' ? (
            <>
              <ToolbarItem>
                <TextInput
                  type="date"
                  aria-label="From"
                  value={choice.from}
                  onChange={(_event, value) => onChange({ ...choice, from: value })}
                />
              </ToolbarItem>
              <ToolbarItem>
                <TextInput
                  type="date"
                  aria-label="To"
                  value={choice.to}
                  onChange={(_event, value) => onChange({ ...choice, to: value })}
                />
              </ToolbarItem>
            </>
          ) : null}
          {withGranularity ? (
            <ToolbarItem>
              <FormSelect
                aria-label="Granularity"
                value={choice.granularity}
                onChange={(_event, value) => onChange({ ...choice, granularity: value as AnalyticsGranularity })}
              >
                {frame.granularities.map((granularity) => (
                  <FormSelectOption key={granularity} value={granularity} label={`By ${granularityLabels[granularity].toLowerCase()}`} />
                ))}
              </FormSelect>
            </ToolbarItem>
          ) : null}
        </ToolbarGroup>
        {actions ? <ToolbarItem align={{ default: 'alignEnd' }}>{actions}</ToolbarItem> : null}
      </ToolbarContent>
    </Toolbar>
  );
}

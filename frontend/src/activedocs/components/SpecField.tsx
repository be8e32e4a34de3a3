import { FileUpload, FormGroup, FormHelperText, HelperText, HelperTextItem } from '@patternfly/react-core';
import { useState } from 'react';

export interface SpecFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  isRequired?: boolean;
}

/** An OpenAPI document: a file to upload, or text pasted or typed in. */
export function SpecField({ id, value, onChange, error, isRequired }: SpecFieldProps) {
  const [filename, setFilename] = useState('');
  const [reading, setReading] = useState(false);
  return (
    <FormGroup label="OpenAPI document" fieldId={id} isRequired={isRequired}>
      <FileUpload
        id={id}
        type="text"
        value={value}
        filename={filename}
        filenamePlaceholder="Drag a file here, or paste the document below"
        browseButtonText="Upload"
        clearButtonText="Clear"
        onFileInputChange={(_event, file) => setFilename(file.name)}
        onDataChange={(_event, data) => onChange(data)}
        onTextChange={(_event, text) => onChange(text)}
        onReadStarted={() => setReading(true)}
        onReadFinished={() => setReading(false)}
        onClearClick={() => {
          setFilename('');
          onChange('');
        }}
        isLoading={reading}
        allowEditingUploadedText
        validated={error ? 'error' : 'default'}
        textAreaPlaceholder="openapi: 3.1.0 …"
        aria-label="OpenAPI document text"
      />
      <FormHelperText>
        <HelperText id={`${id}-helper`} isLiveRegion={!!error}>
          <HelperTextItem variant={error ? 'error' : 'default'}>
            {error ?? 'OpenAPI 2.0, 3.0 or 3.1, as JSON or YAML.'}
          </HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}

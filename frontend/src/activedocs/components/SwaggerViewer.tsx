import 'swagger-ui-react/swagger-ui.css';

import SwaggerUI from 'swagger-ui-react';

/** Swagger UI on one specification; loaded on demand, never part of the main bundle. */
export default function SwaggerViewer({ spec }: { spec: string }) {
  return (
    <div className="portico-swagger" data-testid="swagger-viewer">
      <SwaggerUI spec={spec} docExpansion="list" defaultModelsExpandDepth={0} />
    </div>
  );
}

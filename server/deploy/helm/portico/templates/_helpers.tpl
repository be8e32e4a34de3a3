{{/* The release's resource name, at most 63 characters. */}}
{{- define "portico.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "portico.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "portico.labels" -}}
{{ include "portico.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "portico.secretName" -}}
{{- default (include "portico.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "portico.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Refuse settings that cannot work, with the reason. */}}
{{- define "portico.validate" -}}
{{- if not .Values.secrets.existingSecret -}}
{{- if not .Values.secrets.databaseUrl -}}
{{- fail "secrets.databaseUrl is required (postgres://…): replicas share one PostgreSQL; or name a Secret in secrets.existingSecret" -}}
{{- end -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.secrets.redisUrl) -}}
{{- fail "secrets.redisUrl is required with more than one replica: rate-limit counters must be shared (redis://…)" -}}
{{- end -}}
{{- end -}}
{{- if eq (int .Values.metrics.port) 8080 -}}
{{- fail "metrics.port must differ from the HTTP port 8080" -}}
{{- end -}}
{{- end -}}

{{/* Environment of the server and of the migration step. */}}
{{- define "portico.env" -}}
- name: PORTICO_ADDR
  value: ":8080"
- name: PORTICO_METRICS_ADDR
  value: {{ printf ":%d" (int .Values.metrics.port) | quote }}
- name: PORTICO_DATA_DIR
  value: /data
- name: PORTICO_ADMIN_DOMAIN
  value: {{ .Values.config.adminDomain | quote }}
- name: PORTICO_LOG_FORMAT
  value: {{ .Values.config.logFormat | quote }}
- name: PORTICO_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: PORTICO_TRUSTED_PROXIES
  value: {{ .Values.config.trustedProxies | quote }}
- name: PORTICO_JOURNAL_SYNC
  value: {{ .Values.config.journalSync | quote }}
- name: PORTICO_PASSWORD_MIN_LENGTH
  value: {{ .Values.config.passwordMinLength | quote }}
{{- with .Values.resources.limits }}{{ with .memory }}
- name: GOMEMLIMIT
  valueFrom:
    resourceFieldRef:
      resource: limits.memory
{{- end }}{{ end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Kubernetes name of the service: nameOverride, else the chart name, which is the alias when the
chart is used as a dependency (org, catalog, worklog, analytics, gateway).
*/}}
{{- define "thuocdo-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "thuocdo-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "thuocdo-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "thuocdo-service.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "thuocdo-service.selectorLabels" . }}
app.kubernetes.io/version: {{ include "thuocdo-service.tag" . | quote }}
app.kubernetes.io/component: {{ .Values.protocol }}
app.kubernetes.io/part-of: thuocdo
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "thuocdo-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "thuocdo-service.name" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "thuocdo-service.tag" -}}
{{- .Values.image.tag | default .Values.global.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{- define "thuocdo-service.image" -}}
{{- $registry := .Values.image.registry | default .Values.global.image.registry -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository (include "thuocdo-service.tag" .) -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (include "thuocdo-service.tag" .) -}}
{{- end -}}
{{- end -}}

{{/* Name and number of the port callers use: grpc or http. */}}
{{- define "thuocdo-service.mainPortName" -}}
{{- if eq .Values.protocol "grpc" -}}grpc{{- else if eq .Values.protocol "http" -}}http{{- else -}}
{{- fail (printf "protocol must be grpc or http, not %q" .Values.protocol) -}}
{{- end -}}
{{- end -}}

{{- define "thuocdo-service.mainPort" -}}
{{- if eq .Values.protocol "grpc" -}}{{ .Values.ports.grpc }}{{- else -}}{{ .Values.ports.http }}{{- end -}}
{{- end -}}

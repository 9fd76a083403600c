{{/*
Names, labels and the few derived values every template shares. Object names are cut to 63
characters (the DNS label limit most kinds enforce) and never end with a dash.
*/}}

{{- define "cmf.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release name alone when it already says the chart's name (release "cmf" -> "cmf"). */}}
{{- define "cmf.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Operator objects (Deployment, Service, PDB, RBAC) are named after the operator. */}}
{{- define "cmf.operatorName" -}}
{{- printf "%s-operator" (include "cmf.fullname" . | trunc 54 | trimSuffix "-") }}
{{- end }}

{{- define "cmf.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: only labels that never change, since a Deployment's selector is immutable. */}}
{{- define "cmf.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cmf.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Every object's labels; call with (dict "ctx" $ "component" "operator"), and "extra" for labels of
that one object. On a clash the chart's own labels win over "extra", which wins over commonLabels,
so no value can break a selector or print a key twice.
*/}}
{{- define "cmf.labels" -}}
{{- $own := include "cmf.selectorLabels" . | fromYaml }}
{{- $_ := set $own "helm.sh/chart" (include "cmf.chart" .ctx) }}
{{- $_ := set $own "app.kubernetes.io/version" .ctx.Chart.AppVersion }}
{{- $_ := set $own "app.kubernetes.io/managed-by" .ctx.Release.Service }}
{{- $_ := set $own "app.kubernetes.io/part-of" "cmf" }}
{{- toYaml (merge $own (default dict .extra) (deepCopy (default dict .ctx.Values.commonLabels))) }}
{{- end }}

{{- define "cmf.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cmf.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name: name the existing ServiceAccount to use when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cmf.leaseName" -}}
{{- default (include "cmf.operatorName" .) .Values.operator.leaderElection.leaseName }}
{{- end }}

{{- define "cmf.operatorImage" -}}
{{- $image := .Values.operator.image }}
{{- $ref := printf "%s:%s" $image.repository (default .Chart.AppVersion $image.tag) }}
{{- if $image.digest }}
{{- $ref = printf "%s@%s" $ref $image.digest }}
{{- end }}
{{- $ref }}
{{- end }}

{{- define "cmf.gatewayImage" -}}
{{- default (printf "ghcr.io/cmf-platform/cmf-gateway:%s" .Chart.AppVersion) .Values.operator.gatewayImage }}
{{- end }}

{{/*
Whether to render the ServiceMonitors: `true`, or `"auto"` when the cluster serves the kind.
`helm template` knows no cluster; pass --api-versions monitoring.coreos.com/v1/ServiceMonitor there.
*/}}
{{- define "cmf.serviceMonitorEnabled" -}}
{{- $enabled := .Values.serviceMonitor.enabled }}
{{- if or (eq (toString $enabled) "true") (and (eq (toString $enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor")) }}
{{- "true" }}
{{- end }}
{{- end }}

{{/* A PodDisruptionBudget protects the standby as soon as there is one, or when asked for. */}}
{{- define "cmf.pdbEnabled" -}}
{{- if or .Values.operator.podDisruptionBudget.enabled (gt (int .Values.operator.replicas) 1) }}
{{- "true" }}
{{- end }}
{{- end }}

{{/* Milliseconds of a duration the schema admitted (`250ms`, `5s`, `5m`, `1h`). */}}
{{- define "cmf.durationMs" -}}
{{- $number := regexFind "^[0-9]+" . }}
{{- $unit := trimPrefix $number . }}
{{- mul (atoi $number) (get (dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000) $unit) }}
{{- end }}

{{/*
Rules that span several values, which the schema cannot say. Included by the Deployment, so
every install and template run checks them.
*/}}
{{- define "cmf.validate" -}}
{{- if and (gt (int .Values.operator.replicas) 1) (not .Values.operator.leaderElection.enabled) }}
{{- fail "operator.replicas > 1 needs operator.leaderElection.enabled: without a Lease every replica would reconcile the same ChatGateways at once" }}
{{- end }}
{{- $election := .Values.operator.leaderElection }}
{{- $lease := include "cmf.durationMs" $election.leaseDuration | atoi }}
{{- $renew := include "cmf.durationMs" $election.renewDeadline | atoi }}
{{- $retry := include "cmf.durationMs" $election.retryPeriod | atoi }}
{{- if ge $renew $lease }}
{{- fail "operator.leaderElection.renewDeadline must be shorter than leaseDuration: a leader must stop before a standby may take over" }}
{{- end }}
{{- if ge $retry $renew }}
{{- fail "operator.leaderElection.retryPeriod must be shorter than renewDeadline: a leader needs several tries at renewing" }}
{{- end }}
{{- $pdb := .Values.operator.podDisruptionBudget }}
{{- $minAvailable := $pdb.minAvailable }}
{{- $wholeNumber := not (or (kindIs "invalid" $minAvailable) (kindIs "string" $minAvailable)) }}
{{- if and (include "cmf.pdbEnabled" .) (eq (int .Values.operator.replicas) 1) $wholeNumber (ge (int $minAvailable) 1) }}
{{- fail "operator.podDisruptionBudget.minAvailable >= 1 with operator.replicas 1 would block every node drain: raise replicas or use maxUnavailable" }}
{{- end }}
{{- end }}

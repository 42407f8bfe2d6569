// https-redirect: load balancers that serve HTTP only redirect it to HTTPS (AWS listeners, Azure
// application gateways, GCP target HTTP proxies).
import type { PolicyResource } from '@pulumi/policy/policy';
import { elements, label, lower, read, show, UNKNOWN, type Unknown } from './checks';
import { linked, ofType } from './links';
import { type StackValidationArgs, type StackValidationPolicy } from './types';

const AWS_LISTENERS = ['aws:lb/listener:Listener', 'aws:alb/listener:Listener'];
const AZURE_APP_GATEWAY = 'azure-native:network:ApplicationGateway';
const GCP_HTTP_PROXY = 'gcp:compute/targetHttpProxy:TargetHttpProxy';
const GCP_URL_MAP = 'gcp:compute/uRLMap:URLMap';

const LISTENER_FIELD =
  'give the load balancer an HTTPS listener (spec.networking.loadBalancers[].listeners[] with protocol HTTPS and a certificateArn): vitistack then makes every HTTP listener of it redirect to HTTPS';

/** An AWS listener: undefined when it serves HTTPS only or redirects HTTP to HTTPS. */
function awsListenerProblem(r: PolicyResource): string | undefined {
  const protocol = read(r.props, ['protocol']);
  const port = read(r.props, ['port']);
  if (protocol === UNKNOWN || port === UNKNOWN) return undefined;
  // AWS defaults an ALB listener to HTTP; a listener without port or protocol is a GWLB's.
  if (protocol === undefined ? port === undefined : lower(protocol) !== 'http') return undefined;
  const type = read(r.props, ['defaultActions', 0, 'type']);
  if (type === UNKNOWN) return undefined;
  if (lower(type) === 'redirect') {
    const to = read(r.props, ['defaultActions', 0, 'redirect', 'protocol']);
    if (to === UNKNOWN || lower(to) === 'https') return undefined;
    return `defaultActions[0].redirect.protocol is ${to === undefined ? '"#{protocol}" (the default)' : show(to)}`;
  }
  return `defaultActions[0].type is ${show(type)}`;
}

/** The name a sub-resource reference points at: the last segment of `/<kind>/<name>`. */
function refersTo(ref: unknown, kind: string, name: string): boolean | Unknown {
  const id = read(ref, ['id']);
  if (id === UNKNOWN) return UNKNOWN;
  return typeof id === 'string' && id.endsWith(`/${kind}/${name}`);
}

/** Problems of an Azure application gateway's HTTP listeners, one per listener. */
function azureGatewayProblems(r: PolicyResource): string[] {
  const props = r.props;
  const listeners = elements(read(props, ['httpListeners']));
  const rules = elements(read(props, ['requestRoutingRules']));
  const redirects = elements(read(props, ['redirectConfigurations']));
  const httpsNames = listeners.flatMap((l) =>
    lower(read(l, ['protocol'])) === 'https' ? [read(l, ['name'])] : [],
  );
  const out: string[] = [];
  listeners.forEach((listener, i) => {
    const name = read(listener, ['name']);
    if (lower(read(listener, ['protocol'])) !== 'http' || typeof name !== 'string') return;
    rules.forEach((rule, j) => {
      const uses = refersTo(read(rule, ['httpListener']), 'httpListeners', name);
      if (uses !== true) return;
      const redirect = read(rule, ['redirectConfiguration']);
      if (redirect === UNKNOWN) return;
      const config = redirects.find((c) => {
        const n = read(c, ['name']);
        return typeof n === 'string' && refersTo(redirect, 'redirectConfigurations', n) === true;
      });
      if (redirect !== undefined && config === undefined) return; // defined elsewhere: unknown
      const target = config === undefined ? undefined : read(config, ['targetListener']);
      const url = config === undefined ? undefined : read(config, ['targetUrl']);
      const targets = httpsNames.map((n) =>
        typeof n === 'string' ? refersTo(target, 'httpListeners', n) : UNKNOWN,
      );
      if (target === UNKNOWN || url === UNKNOWN || targets.includes(UNKNOWN)) return;
      const toHttps =
        (typeof url === 'string' && url.toLowerCase().startsWith('https://')) ||
        targets.includes(true);
      if (toHttps) return;
      const what =
        config === undefined
          ? 'forwards it to a backend'
          : 'has a redirectConfiguration whose target is not an Https listener';
      out.push(
        `httpListeners[${i}] ("${name}") serves HTTP and must redirect to HTTPS, but requestRoutingRules[${j}] ${what}`,
      );
    });
  });
  return out;
}

export const httpsRedirect: StackValidationPolicy = {
  name: 'https-redirect',
  description:
    'Checks that load balancers answer plain HTTP only with a redirect to HTTPS: AWS ALB listeners, Azure application gateway listeners and GCP target HTTP proxies.',
  enforcementLevel: 'advisory',
  tags: ['PCI-DSS', 'HIPAA', 'SOC2', 'GDPR'],
  remediationSteps:
    'Serve the application over HTTPS and turn every HTTP listener into a permanent redirect to HTTPS (AWS: a redirect default action with protocol HTTPS; Azure: a redirect configuration targeting the Https listener; GCP: a URL map with defaultUrlRedirect.httpsRedirect). In a Vitistack, add an HTTPS listener with a certificate to the load balancer: its HTTP listeners then redirect.',
  validateStack: (args: StackValidationArgs, report) => {
    const resources = args.resources;
    const aws = ofType(resources, ...AWS_LISTENERS);
    const azure = ofType(resources, AZURE_APP_GATEWAY);
    const gcp = ofType(resources, GCP_HTTP_PROXY);
    if (aws.length + azure.length + gcp.length === 0) {
      args.notApplicable(
        'the stack has no load balancer listeners, application gateways or HTTP proxies',
      );
    }
    for (const r of aws) {
      const problem = awsListenerProblem(r);
      if (problem === undefined) continue;
      report(
        `${label(r)}: an HTTP listener must redirect to HTTPS, but ${problem}; ${LISTENER_FIELD}.`,
        r.urn,
      );
    }
    for (const r of azure) {
      for (const problem of azureGatewayProblems(r)) {
        report(
          `${label(r)}: ${problem}; add a redirectConfiguration with redirectType Permanent and the Https listener as targetListener to that rule (${LISTENER_FIELD}).`,
          r.urn,
        );
      }
    }
    const urlMaps = ofType(resources, GCP_URL_MAP);
    for (const r of gcp) {
      const maps = linked(r, 'urlMap', urlMaps, ['id', 'selfLink', 'name']);
      if (maps === UNKNOWN) continue;
      for (const map of maps) {
        const redirect = read(map.props, ['defaultUrlRedirect', 'httpsRedirect']);
        if (redirect === UNKNOWN || redirect === true) continue;
        report(
          `${label(r)}: an HTTP proxy must redirect to HTTPS, but its urlMap ${label(map)} has defaultUrlRedirect.httpsRedirect ${show(redirect)}; point the proxy at a URL map with defaultUrlRedirect.httpsRedirect true and serve the site through a target HTTPS proxy (${LISTENER_FIELD}).`,
          r.urn,
        );
      }
    }
  },
};

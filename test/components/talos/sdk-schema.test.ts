import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import * as clientGetConfiguration from '../../../src/components/talos/sdk/client/get-configuration';
import type {
  GetConfigurationArgs as ClientConfigArgs,
  GetConfigurationOutputArgs as ClientConfigOutputArgs,
  GetConfigurationResult as ClientConfigResult,
} from '../../../src/components/talos/sdk/client/get-configuration';
import * as kubeconfig from '../../../src/components/talos/sdk/cluster/kubeconfig';
import type {
  Kubeconfig,
  KubeconfigArgs,
} from '../../../src/components/talos/sdk/cluster/kubeconfig';
import * as talos from '../../../src/components/talos/sdk/index';
import * as bootstrap from '../../../src/components/talos/sdk/machine/bootstrap';
import type { Bootstrap, BootstrapArgs } from '../../../src/components/talos/sdk/machine/bootstrap';
import * as configurationApply from '../../../src/components/talos/sdk/machine/configuration-apply';
import type {
  ConfigurationApply,
  ConfigurationApplyArgs,
  ConfigurationApplyOnDestroy,
} from '../../../src/components/talos/sdk/machine/configuration-apply';
import * as machineGetConfiguration from '../../../src/components/talos/sdk/machine/get-configuration';
import type {
  GetConfigurationArgs as MachineConfigArgs,
  GetConfigurationOutputArgs as MachineConfigOutputArgs,
  GetConfigurationResult as MachineConfigResult,
} from '../../../src/components/talos/sdk/machine/get-configuration';
import * as secrets from '../../../src/components/talos/sdk/machine/secrets';
import type { Secrets, SecretsArgs } from '../../../src/components/talos/sdk/machine/secrets';
import * as provider from '../../../src/components/talos/sdk/provider';
import type { ProviderArgs } from '../../../src/components/talos/sdk/provider';
import type * as types from '../../../src/components/talos/sdk/types';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import {
  functionBindingTests,
  functionCase,
  isSecretInput,
  loadSchema,
  plainInput,
  providerProblems,
  recordEngineOptions,
  resourceBindingTests,
  resourceCase,
  type BindingContext,
  type Equal,
  type Exposed,
  type OutputKeys,
  type RequiredKeys,
  type Schema,
} from '../sdk-schema';

type Names<L extends readonly string[]> = L[number];
/** Compiles only when the two types are equal: a type-level test that tsc runs. */
function same<A, B>(_proof: Equal<A, B>): void {
  // Nothing at run time: the check is the call type-checking.
}

const PLUGIN_URL = 'github://api.github.com/pulumiverse';
const pem = (what: string) => Buffer.from(`-----BEGIN ${what}-----\n`).toString('base64');

const CLIENT: types.ClientConfiguration = {
  caCertificate: pem('CERTIFICATE'),
  clientCertificate: pem('CERTIFICATE'),
  clientKey: pem('ED25519 PRIVATE KEY'),
};
const cert = (): types.Certificate => ({ cert: pem('CERTIFICATE'), key: pem('EC PRIVATE KEY') });
const MACHINE_SECRETS: types.MachineSecrets = {
  certs: {
    etcd: cert(),
    k8s: cert(),
    k8sAggregator: cert(),
    k8sServiceaccount: { key: pem('EC PRIVATE KEY') },
    os: cert(),
  },
  cluster: { id: 'q2Xh0JvB4mA9', secret: 'c2VjcmV0LWNsdXN0ZXI=' },
  secrets: { bootstrapToken: 'abcdef.0123456789abcdef', secretboxEncryptionSecret: 'c2JveA==' },
  trustdinfo: { token: 'k1m2n3.p4q5r6s7t8u9v0w1' },
};
const MACHINE_CONFIG = 'version: v1alpha1\nmachine:\n  type: controlplane\n';
const KUBECONFIG = 'apiVersion: v1\nkind: Config\n';

/** Mocks that answer like the Talos provider for what its resources and functions compute. */
class TalosMocks extends RecordingMocks {
  override newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const res = super.newResource(args);
    const state = res.state as Record<string, unknown>;
    if (args.type === secrets.SECRETS.token) {
      Object.assign(state, { clientConfiguration: CLIENT, machineSecrets: MACHINE_SECRETS });
    } else if (args.type === kubeconfig.KUBECONFIG.token) {
      Object.assign(state, { kubeconfigRaw: KUBECONFIG });
    } else if (args.type === configurationApply.CONFIGURATION_APPLY.token) {
      Object.assign(state, { machineConfiguration: plainInput(state.machineConfigurationInput) });
    }
    return res;
  }

  override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const result = { ...super.call(args), id: 'talos-config' };
    if (args.token === machineGetConfiguration.GET_MACHINE_CONFIGURATION.token) {
      return { ...result, machineConfiguration: MACHINE_CONFIG };
    }
    if (args.token === clientGetConfiguration.GET_CLIENT_CONFIGURATION.token) {
      return { ...result, talosConfig: 'context: production\n' };
    }
    return result;
  }
}

describe('talos sdk bindings', () => {
  const mocks = new TalosMocks();
  let schema: Schema | undefined;
  let engine: ReturnType<typeof recordEngineOptions> | undefined;
  before(async () => {
    schema = loadSchema('talos-v0.8.1.schema.json');
    await mocks.install('vitistack', 'test');
    engine = recordEngineOptions();
  });
  after(() => waitForRegistrations());

  const ctx: BindingContext = {
    schema: () => schema ?? assert.fail('schema not loaded'),
    mocks,
    engine: () => engine ?? assert.fail('engine recorder not installed'),
    version: '0.8.1',
    pluginDownloadURL: PLUGIN_URL,
  };

  it('follow the schema of pulumiverse-talos 0.8.1 and its pluginDownloadURL', () => {
    assert.equal(ctx.schema().name, 'talos');
    assert.equal(ctx.schema().pluginDownloadURL, PLUGIN_URL);
    assert.equal(talos.PLUGIN_DOWNLOAD_URL, PLUGIN_URL);
    assert.equal(talos.VERSION, '0.8.1');
  });

  it('declare Args, outputs and results exactly as their specs say (checked by tsc)', () => {
    type S = typeof secrets.SECRETS;
    same<keyof SecretsArgs, Names<S['inputs']>>(true);
    same<RequiredKeys<SecretsArgs>, Names<S['required']>>(true);
    same<OutputKeys<Secrets>, Exposed<S>>(true);
    type CA = typeof configurationApply.CONFIGURATION_APPLY;
    same<keyof ConfigurationApplyArgs, Names<CA['inputs']>>(true);
    same<RequiredKeys<ConfigurationApplyArgs>, Names<CA['required']>>(true);
    same<OutputKeys<ConfigurationApply>, Exposed<CA>>(true);
    type B = typeof bootstrap.BOOTSTRAP;
    same<keyof BootstrapArgs, Names<B['inputs']>>(true);
    same<RequiredKeys<BootstrapArgs>, Names<B['required']>>(true);
    same<OutputKeys<Bootstrap>, Exposed<B>>(true);
    type K = typeof kubeconfig.KUBECONFIG;
    same<keyof KubeconfigArgs, Names<K['inputs']>>(true);
    same<RequiredKeys<KubeconfigArgs>, Names<K['required']>>(true);
    same<OutputKeys<Kubeconfig>, Exposed<K>>(true);

    type MC = typeof machineGetConfiguration.GET_MACHINE_CONFIGURATION;
    same<keyof MachineConfigArgs, Names<MC['inputs']>>(true);
    same<keyof MachineConfigOutputArgs, Names<MC['inputs']>>(true);
    same<RequiredKeys<MachineConfigArgs>, Names<MC['required']>>(true);
    same<keyof MachineConfigResult, Names<MC['outputs']>>(true);
    type CC = typeof clientGetConfiguration.GET_CLIENT_CONFIGURATION;
    same<keyof ClientConfigArgs, Names<CC['inputs']>>(true);
    same<keyof ClientConfigOutputArgs, Names<CC['inputs']>>(true);
    same<RequiredKeys<ClientConfigArgs>, Names<CC['required']>>(true);
    same<keyof ClientConfigResult, Names<CC['outputs']>>(true);

    // Nested types: the interfaces have exactly the fields (and required fields) of their specs.
    type CCfg = typeof configurationApply.CONFIGURATION_APPLY.nested.clientConfiguration;
    same<keyof types.ClientConfiguration, Names<CCfg['fields']>>(true);
    same<keyof types.ClientConfigurationArgs, Names<CCfg['fields']>>(true);
    same<RequiredKeys<types.ClientConfigurationArgs>, Names<CCfg['required']>>(true);
    type KCC = typeof kubeconfig.KUBECONFIG.nested.kubernetesClientConfiguration;
    same<keyof types.KubernetesClientConfiguration, Names<KCC['computed']>>(true);
    type MS = typeof secrets.SECRETS.nested.machineSecrets;
    same<keyof types.MachineSecrets, Names<MS['fields']>>(true);
    same<RequiredKeys<types.MachineSecrets>, Names<MS['required']>>(true);
    same<keyof types.Certificates, Names<MS['nested']['certs']['fields']>>(true);
    same<keyof types.Certificate, Names<MS['nested']['certs']['nested']['etcd']['fields']>>(true);
    same<keyof types.Key, Names<MS['nested']['certs']['nested']['k8sServiceaccount']['fields']>>(
      true,
    );
    same<keyof types.Cluster, Names<MS['nested']['cluster']['fields']>>(true);
    same<keyof types.KubernetesSecrets, Names<MS['nested']['secrets']['fields']>>(true);
    same<RequiredKeys<types.KubernetesSecrets>, Names<MS['nested']['secrets']['required']>>(true);
    same<keyof types.TrustdInfo, Names<MS['nested']['trustdinfo']['fields']>>(true);
    type OD = typeof configurationApply.CONFIGURATION_APPLY.nested.onDestroy;
    same<keyof ConfigurationApplyOnDestroy, Names<OD['fields']>>(true);
    same<keyof types.Timeouts, Names<CA['nested']['timeouts']['fields']>>(true);
    same<keyof types.BootstrapTimeouts, Names<B['nested']['timeouts']['fields']>>(true);
    same<keyof types.KubeconfigTimeouts, Names<K['nested']['timeouts']['fields']>>(true);

    same<keyof ProviderArgs, Names<(typeof provider.PROVIDER)['inputs']>>(true);
  });

  const resources = [
    resourceCase<SecretsArgs>({
      spec: secrets.SECRETS,
      args: { talosVersion: 'v1.12' },
      make: (name, args) => new talos.machine.Secrets(name, args),
    }),
    resourceCase<ConfigurationApplyArgs>({
      spec: configurationApply.CONFIGURATION_APPLY,
      args: {
        clientConfiguration: CLIENT,
        machineConfigurationInput: MACHINE_CONFIG,
        node: '10.20.0.11',
        endpoint: '10.20.0.11',
        configPatches: ['machine:\n  install:\n    disk: /dev/sda\n'],
        applyMode: 'staged_if_needing_reboot',
        onDestroy: { reset: true, graceful: true, reboot: false },
        timeouts: { create: '10m', update: '10m', delete: '5m' },
      },
      make: (name, args) => new talos.machine.ConfigurationApply(name, args),
    }),
    resourceCase<BootstrapArgs>({
      spec: bootstrap.BOOTSTRAP,
      args: {
        clientConfiguration: CLIENT,
        node: '10.20.0.11',
        endpoint: '10.20.0.11',
        timeouts: { create: '15m' },
      },
      make: (name, args) => new talos.machine.Bootstrap(name, args),
    }),
    resourceCase<KubeconfigArgs>({
      spec: kubeconfig.KUBECONFIG,
      args: {
        clientConfiguration: CLIENT,
        node: '10.20.0.11',
        endpoint: '10.20.0.10',
        certificateRenewalDuration: '720h',
        timeouts: { create: '5m', update: '5m' },
      },
      make: (name, args) => new talos.cluster.Kubeconfig(name, args),
    }),
  ];
  for (const c of resources) resourceBindingTests(ctx, c);

  const functions = [
    functionCase<MachineConfigArgs>({
      spec: machineGetConfiguration.GET_MACHINE_CONFIGURATION,
      args: {
        clusterName: 'production',
        clusterEndpoint: 'https://10.20.0.10:6443',
        machineType: 'controlplane',
        machineSecrets: MACHINE_SECRETS,
        talosVersion: 'v1.12',
        kubernetesVersion: '1.34.1',
        configPatches: ['cluster:\n  allowSchedulingOnControlPlanes: false\n'],
        docs: false,
        examples: false,
      },
      call: (args) => talos.machine.getConfiguration(args),
      callOutput: (args) => talos.machine.getConfigurationOutput(args),
    }),
    functionCase<ClientConfigArgs>({
      spec: clientGetConfiguration.GET_CLIENT_CONFIGURATION,
      args: {
        clusterName: 'production',
        clientConfiguration: CLIENT,
        endpoints: ['10.20.0.11', '10.20.0.12'],
        nodes: ['10.20.0.11'],
      },
      call: (args) => talos.client.getConfiguration(args),
      callOutput: (args) => talos.client.getConfigurationOutput(args),
    }),
  ];
  for (const c of functions) functionBindingTests(ctx, c);

  it('leave out the write-only inputs, and require what the schema leaves optional only for them', () => {
    const s = ctx.schema();
    const ca = s.resources[configurationApply.CONFIGURATION_APPLY.token]?.inputProperties ?? {};
    const bs = s.resources[bootstrap.BOOTSTRAP.token]?.inputProperties ?? {};
    assert.ok('machineConfigurationInputWo' in ca && 'clientConfigurationWo' in ca);
    assert.ok('clientConfigurationWo' in bs);
    const names: readonly string[] = [
      ...configurationApply.CONFIGURATION_APPLY.inputs,
      ...bootstrap.BOOTSTRAP.inputs,
    ];
    assert.deepEqual(
      names.filter((n) => n.endsWith('Wo')),
      [],
    );
    assert.deepEqual(configurationApply.CONFIGURATION_APPLY.required, [
      'clientConfiguration',
      'machineConfigurationInput',
      'node',
    ]);
    assert.deepEqual(bootstrap.BOOTSTRAP.required, ['clientConfiguration', 'node']);
  });

  it('wire a cluster: secrets -> machine configuration -> apply -> bootstrap -> kubeconfig', async () => {
    const cluster = new talos.machine.Secrets('production', {});
    const config = talos.machine.getConfigurationOutput({
      clusterName: 'production',
      clusterEndpoint: 'https://10.20.0.10:6443',
      machineType: 'controlplane',
      machineSecrets: cluster.machineSecrets,
    });
    const apply = new talos.machine.ConfigurationApply('cp-1', {
      clientConfiguration: cluster.clientConfiguration,
      machineConfigurationInput: config.machineConfiguration,
      node: '10.20.0.11',
    });
    const boot = new talos.machine.Bootstrap(
      'production',
      { clientConfiguration: cluster.clientConfiguration, node: '10.20.0.11' },
      { dependsOn: [apply] },
    );
    const kc = new talos.cluster.Kubeconfig(
      'production',
      { clientConfiguration: cluster.clientConfiguration, node: '10.20.0.11' },
      { dependsOn: [boot] },
    );
    const talosconfig = talos.client.getConfigurationOutput({
      clusterName: 'production',
      clientConfiguration: cluster.clientConfiguration,
      endpoints: ['10.20.0.11'],
    });
    assert.equal(await unwrap(kc.kubeconfigRaw), KUBECONFIG);
    assert.equal(await unwrap(apply.machineConfiguration), MACHINE_CONFIG);
    assert.equal((await unwrap(talosconfig)).talosConfig, 'context: production\n');
    await waitForRegistrations();

    const applied = mocks.one(configurationApply.CONFIGURATION_APPLY.token, 'cp-1');
    assert.ok(isSecretInput(applied.inputs.machineConfigurationInput));
    assert.equal(plainInput(applied.inputs.machineConfigurationInput), MACHINE_CONFIG);
    assert.deepEqual(applied.inputs.clientConfiguration, CLIENT);
    const call = mocks.calls.find(
      (c) =>
        c.token === machineGetConfiguration.GET_MACHINE_CONFIGURATION.token &&
        c.inputs.machineType === 'controlplane' &&
        c.inputs.kubernetesVersion === undefined,
    );
    assert.deepEqual(call?.inputs.machineSecrets, MACHINE_SECRETS);
    assert.equal(talos.machine.Secrets.isInstance(cluster), true);
    assert.equal(talos.machine.Bootstrap.isInstance(cluster), false);
  });

  describe('Provider', () => {
    it('matches the schema', () => {
      assert.deepEqual(providerProblems(ctx.schema(), provider.PROVIDER), []);
    });

    it('registers pulumi:providers:talos with its version and pluginDownloadURL', async () => {
      const p = new talos.Provider('talos', {
        imageFactoryUrl: 'https://factory.example.internal',
      });
      await unwrap(p.urn);
      await waitForRegistrations();
      const rec = mocks.one('pulumi:providers:talos', 'talos');
      assert.equal(rec.inputs.imageFactoryUrl, 'https://factory.example.internal');
      const opts = ctx.engine().resources.get('pulumi:providers:talos::talos');
      assert.ok(opts, 'no registration recorded');
      assert.equal(opts.version, '0.8.1');
      assert.equal(opts.pluginDownloadURL, PLUGIN_URL);
      assert.equal(talos.Provider.isInstance(p), true);
    });
  });
});

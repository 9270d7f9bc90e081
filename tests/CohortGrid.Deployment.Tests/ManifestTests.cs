using System.Globalization;
using CohortGrid.Deployment.Tests.Kustomize;
using k8s.Models;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// k8s/ rendered per overlay and read into KubernetesClient's typed models: everything fits its schema, selects
/// what it means to select, references what exists, and configures the host only with settings it reads.
/// </summary>
public sealed class ManifestTests
{
    private const string Namespace = "cohortgrid";

    /// <summary>GPU silos must outlive the host's shutdown timeout by at least this much (process exit, log flush).</summary>
    private static readonly TimeSpan GraceMargin = TimeSpan.FromSeconds(15);

    [Fact]
    public void Every_yaml_file_under_k8s_parses_and_every_resource_fits_its_typed_model()
    {
        var files = Directory.EnumerateFiles(Repo.K8s, "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            foreach (var node in YamlTree.LoadMappings(file))
            {
                var o = new KubeObject(node, Repo.Relative(file));
                if (o.Kind == "Kustomization")
                {
                    continue;
                }

                // Patches are partial objects: they still have to use only fields of their kind.
                if (o.Kind == "ScaledObject")
                {
                    ScaledObject.Parse(o.ToYaml());
                }
                else
                {
                    TypedModels.ToTyped(o);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Every_rendered_document_deserializes_into_its_typed_model(string overlay)
    {
        foreach (var o in RenderedOverlay.Of(overlay).Objects)
        {
            if (o.Kind == "ScaledObject")
            {
                var scaled = ScaledObject.Parse(o.ToYaml());
                Assert.Equal("keda.sh/v1alpha1", scaled.ApiVersion);
            }
            else
            {
                Assert.NotNull(TypedModels.TypeOf(o.ApiVersion, o.Kind));
                Assert.IsAssignableFrom<k8s.IKubernetesObject>(TypedModels.ToTyped(o));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Everything_is_in_the_cohortgrid_namespace_which_enforces_restricted_pods(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var ns = Assert.Single(rendered.Namespaces);
        Assert.Equal(Namespace, ns.Metadata.Name);
        Assert.Equal("restricted", ns.Metadata.Label("pod-security.kubernetes.io/enforce"));
        Assert.All(rendered.Objects.Where(o => o.Kind != "Namespace"), o => Assert.Equal(Namespace, o.Namespace));
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void The_three_cohortgrid_deployments_are_labelled_and_their_selectors_match_their_pods(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        Assert.Equal(["dashboard", "silo-cpu", "silo-gpu"], rendered.CohortGridDeployments.Select(d => d.Metadata.Name).Order());
        foreach (var deployment in rendered.Deployments)
        {
            var selector = deployment.Spec.Selector.MatchLabels();
            Assert.True(selector.Selects(deployment.Spec.Template.Metadata.Labels), $"{overlay}: Deployment {deployment.Metadata.Name} selects {Format(selector)}, its pods are labelled {Format(deployment.Spec.Template.Metadata.Labels)}.");
            Assert.NotNull(deployment.Spec.Template.Metadata.Label("app.kubernetes.io/name"));
            Assert.NotNull(deployment.Spec.Template.Metadata.Label("app.kubernetes.io/component"));

            // No two Deployments may claim each other's pods.
            foreach (var other in rendered.Deployments.Where(o => o != deployment))
            {
                Assert.False(selector.Selects(other.Spec.Template.Metadata.Labels), $"{overlay}: Deployment {deployment.Metadata.Name} also selects the pods of {other.Metadata.Name}.");
            }
        }

        foreach (var deployment in rendered.CohortGridDeployments)
        {
            Assert.Equal(deployment.Metadata.Name, deployment.Spec.Template.Metadata.Label("app.kubernetes.io/component"));
            Assert.Equal("cohortgrid", deployment.Spec.Template.Metadata.Label("app.kubernetes.io/name"));
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Services_select_existing_pods_on_ports_those_pods_declare(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var service in rendered.Services)
        {
            var pods = rendered.Deployments.Where(d => service.Spec.Selector.Selects(d.Spec.Template.Metadata.Labels)).ToList();
            Assert.True(pods.Count > 0, $"{overlay}: Service {service.Metadata.Name} selects {Format(service.Spec.Selector)}, which no pod template carries.");
            foreach (var port in service.Spec.Ports)
            {
                foreach (var deployment in pods)
                {
                    var declared = deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Ports ?? []).ToList();
                    var target = port.TargetPort?.Value ?? port.Port.ToString(CultureInfo.InvariantCulture);
                    Assert.True(
                        declared.Any(p => p.Name == target || p.ContainerPort.ToString(CultureInfo.InvariantCulture) == target),
                        $"{overlay}: Service {service.Metadata.Name} port {port.Name} targets '{target}', which Deployment {deployment.Metadata.Name} does not declare.");
                }
            }
        }

        Assert.Contains(rendered.Services, s => s.Metadata.Name == "dashboard");
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void The_ingress_leads_to_the_dashboard_service_port(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var ingress = Assert.Single(rendered.Ingresses);
        foreach (var path in ingress.Spec.Rules.SelectMany(r => r.Http.Paths))
        {
            var service = rendered.Services.SingleOrDefault(s => s.Metadata.Name == path.Backend.Service.Name);
            Assert.True(service is not null, $"{overlay}: the Ingress leads to Service {path.Backend.Service.Name}, which does not exist.");
            Assert.Contains(service.Spec.Ports, p => p.Name == path.Backend.Service.Port.Name || p.Port == path.Backend.Service.Port.Number);
        }

        foreach (var tls in ingress.Spec.Tls ?? [])
        {
            Assert.True(rendered.FindSecret(tls.SecretName) is not null || ingress.Metadata.Annotations?.ContainsKey("cert-manager.io/cluster-issuer") == true, $"{overlay}: TLS secret {tls.SecretName} is neither defined nor issued by cert-manager.");
            Assert.All(tls.Hosts, h => Assert.Contains(ingress.Spec.Rules, r => r.Host == h));
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Every_disruption_budget_selects_exactly_one_deployment_and_allows_one_eviction(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        Assert.Equal(["dashboard", "silo-cpu", "silo-gpu"], rendered.Budgets.Select(b => b.Metadata.Name).Order());
        foreach (var budget in rendered.Budgets)
        {
            var selected = rendered.Deployments.Where(d => budget.Spec.Selector.MatchLabels().Selects(d.Spec.Template.Metadata.Labels)).ToList();
            var deployment = Assert.Single(selected);
            Assert.Equal(budget.Metadata.Name, deployment.Metadata.Name);
            Assert.True(budget.Spec.MinAvailable is null ^ budget.Spec.MaxUnavailable is null, $"{overlay}: PDB {budget.Metadata.Name} sets both or neither of minAvailable and maxUnavailable.");

            // A budget that can never be met blocks node drains: with the fewest replicas the deployment may have, one pod can go.
            var fewest = rendered.Autoscalers.FirstOrDefault(h => h.Spec.ScaleTargetRef.Name == deployment.Metadata.Name)?.Spec.MinReplicas ?? deployment.Spec.Replicas ?? 1;
            if (budget.Spec.MinAvailable is { } min)
            {
                Assert.True(int.Parse(min.Value, CultureInfo.InvariantCulture) < fewest || fewest == 0, $"{overlay}: PDB {budget.Metadata.Name} minAvailable {min.Value} with {fewest} replica(s) forbids every eviction.");
            }
            else
            {
                Assert.True(int.Parse(budget.Spec.MaxUnavailable!.Value, CultureInfo.InvariantCulture) >= 1, $"{overlay}: PDB {budget.Metadata.Name} forbids every eviction.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Every_container_has_startup_readiness_and_liveness_probes_and_cpu_memory_requests(string overlay)
    {
        foreach (var deployment in RenderedOverlay.Of(overlay).Deployments)
        {
            foreach (var (container, isInit) in deployment.Spec.Template.Spec.AllContainers())
            {
                var where = $"{overlay}: {deployment.Metadata.Name}/{container.Name}";
                Assert.True(container.Resources?.Requests?.ContainsKey("cpu") == true, $"{where} requests no CPU.");
                Assert.True(container.Resources?.Requests?.ContainsKey("memory") == true, $"{where} requests no memory.");
                Assert.True(container.Resources?.Limits?.ContainsKey("memory") == true, $"{where} has no memory limit.");
                if (isInit)
                {
                    continue;
                }

                Assert.True(container.StartupProbe is not null, $"{where} has no startup probe.");
                Assert.True(container.ReadinessProbe is not null, $"{where} has no readiness probe.");
                Assert.True(container.LivenessProbe is not null, $"{where} has no liveness probe.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void CohortGrid_probes_ask_the_health_endpoint_on_the_http_port_the_host_listens_on(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in rendered.CohortGridDeployments)
        {
            var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
            var environment = PodEnvironment.Of(rendered, deployment, container);
            var listening = new Uri(environment["COHORTGRID_URLS"].Split(';')[0]);
            Assert.Equal("0.0.0.0", listening.Host);
            var http = Assert.Single(container.Ports, p => p.Name == "http");
            Assert.Equal(listening.Port, http.ContainerPort);
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                Assert.Equal("/health", probe.HttpGet?.Path);
                Assert.Equal("http", probe.HttpGet!.Port.Value);
            }

            // Liveness must not kill a silo that is merely slow to answer while busy.
            Assert.True((container.LivenessProbe.FailureThreshold ?? 3) * (container.LivenessProbe.PeriodSeconds ?? 10) >= 60, $"{overlay}: {deployment.Metadata.Name} liveness gives up in under a minute.");
            Assert.Equal(listening.Port.ToString(CultureInfo.InvariantCulture), deployment.Spec.Template.Metadata.Annotations["prometheus.io/port"]);
            Assert.Equal("/metrics", deployment.Spec.Template.Metadata.Annotations["prometheus.io/path"]);
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Gpu_silos_get_a_gpu_on_gpu_nodes_drain_before_they_are_killed_and_roll_without_losing_capacity(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var gpu = rendered.Deployment("silo-gpu");
        var pod = gpu.Spec.Template.Spec;
        var silo = Assert.Single(pod.Containers);
        Assert.Equal("1", silo.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("1", silo.Resources.Requests["nvidia.com/gpu"].ToString());
        Assert.NotEmpty(pod.NodeSelector);
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.Contains("silo-gpu", silo.Image, StringComparison.Ordinal);

        Assert.Equal("RollingUpdate", gpu.Spec.Strategy.Type);
        Assert.Equal("0", gpu.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", gpu.Spec.Strategy.RollingUpdate.MaxSurge.Value);

        // No other workload asks for a GPU.
        foreach (var other in rendered.Deployments.Where(d => d != gpu))
        {
            Assert.All(other.Spec.Template.Spec.AllContainers(), c => Assert.False(c.Container.Resources?.Limits?.ContainsKey("nvidia.com/gpu") == true, $"{overlay}: {other.Metadata.Name} asks for a GPU."));
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Silos_termination_grace_is_longer_than_the_host_shutdown_timeout(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var name in new[] { "silo-cpu", "silo-gpu" })
        {
            var deployment = rendered.Deployment(name);
            var environment = PodEnvironment.Of(rendered, deployment, deployment.Spec.Template.Spec.Containers[0]);
            Assert.True(environment.TryGetValue("Silo__ShutdownTimeout", out var text), $"{overlay}: {name} leaves Silo__ShutdownTimeout to the default; set it explicitly next to the grace period.");
            var shutdown = TimeSpan.Parse(text, CultureInfo.InvariantCulture);
            var grace = TimeSpan.FromSeconds(deployment.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30);
            Assert.True(grace >= shutdown + GraceMargin, $"{overlay}: {name} is killed after {grace.TotalSeconds} s, but the host may take {shutdown.TotalSeconds} s to shut down.");
            Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Pods_run_as_the_service_account_without_a_token_and_meet_the_restricted_pod_standard(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var account = Assert.Single(rendered.ServiceAccounts);
        Assert.False(account.AutomountServiceAccountToken ?? true, $"{overlay}: ServiceAccount {account.Metadata.Name} mounts its token.");
        foreach (var deployment in rendered.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var where = $"{overlay}: {deployment.Metadata.Name}";
            Assert.Equal(account.Metadata.Name, pod.ServiceAccountName);
            Assert.False(pod.AutomountServiceAccountToken ?? true, $"{where} mounts a service account token.");
            Assert.True(pod.SecurityContext?.RunAsNonRoot == true, $"{where} may run as root.");
            Assert.True(pod.SecurityContext.RunAsUser is > 0, $"{where} has no non-zero runAsUser (runAsNonRoot needs a numeric user to be checked).");
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile?.Type);
            Assert.True(pod.HostNetwork is null or false && pod.HostPID is null or false && pod.HostIPC is null or false, $"{where} shares a host namespace.");
            foreach (var (container, _) in pod.AllContainers())
            {
                var security = container.SecurityContext;
                Assert.True(security?.AllowPrivilegeEscalation == false, $"{where}/{container.Name} allows privilege escalation.");
                Assert.True(security.ReadOnlyRootFilesystem == true, $"{where}/{container.Name} has a writable root filesystem.");
                Assert.Equal(["ALL"], security.Capabilities?.Drop ?? []);
                Assert.True(security.Capabilities?.Add is null or { Count: 0 }, $"{where}/{container.Name} adds capabilities.");
                Assert.True(security.Privileged is null or false, $"{where}/{container.Name} is privileged.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Writable_paths_of_read_only_containers_are_volumes(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in rendered.CohortGridDeployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var container = pod.Containers[0];
            var mounts = container.VolumeMounts.ToDictionary(m => m.MountPath);
            var environment = PodEnvironment.Of(rendered, deployment, container);
            Assert.True(mounts.ContainsKey("/tmp"), $"{overlay}: {deployment.Metadata.Name} has no writable /tmp.");
            Assert.True(mounts.TryGetValue(environment["COHORTGRID_DATA"], out var data) && data.ReadOnlyProperty != true, $"{overlay}: {deployment.Metadata.Name}'s data folder {environment["COHORTGRID_DATA"]} is not a writable volume.");
            Assert.True(mounts.ContainsKey(environment["CohortGrid__ModelsDirectory"]), $"{overlay}: {deployment.Metadata.Name}'s models folder is not mounted.");
            foreach (var root in environment.Where(p => p.Key.StartsWith("CohortGrid__AllowedRoots__", StringComparison.Ordinal)).Select(p => p.Value))
            {
                Assert.True(mounts.TryGetValue(root, out var slides) && slides.ReadOnlyProperty == true, $"{overlay}: {deployment.Metadata.Name} allows slides from {root}, which is not a read-only mount.");
            }

            foreach (var mount in pod.AllContainers().SelectMany(c => c.Container.VolumeMounts ?? []))
            {
                Assert.Contains(pod.Volumes, v => v.Name == mount.Name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Every_reference_resolves_to_an_object_of_the_overlay_or_a_documented_external_secret(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in rendered.Deployments)
        {
            var pod = deployment.Spec.Template.Spec;
            var where = $"{overlay}: {deployment.Metadata.Name}";
            foreach (var (container, _) in pod.AllContainers())
            {
                foreach (var source in container.EnvFrom ?? [])
                {
                    Assert.True(source.ConfigMapRef is null || rendered.ConfigMaps.Any(c => c.Metadata.Name == source.ConfigMapRef.Name), $"{where}: ConfigMap {source.ConfigMapRef?.Name} does not exist.");
                    Assert.True(source.SecretRef is null || rendered.FindSecret(source.SecretRef.Name) is not null, $"{where}: Secret {source.SecretRef?.Name} does not exist.");
                }

                foreach (var reference in (container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
                {
                    var secret = rendered.FindSecret(reference.Name);
                    if (reference.Optional == true && secret is null)
                    {
                        continue;
                    }

                    Assert.True(secret is not null, $"{where}/{container.Name}: Secret {reference.Name} is neither in the overlay nor in its secrets.example.yaml.");
                    Assert.True((secret.StringData?.ContainsKey(reference.Key) ?? false) || (secret.Data?.ContainsKey(reference.Key) ?? false), $"{where}/{container.Name}: Secret {reference.Name} has no key {reference.Key}.");
                }
            }

            foreach (var claim in pod.Volumes.Select(v => v.PersistentVolumeClaim).OfType<V1PersistentVolumeClaimVolumeSource>())
            {
                Assert.True(rendered.Claims.Any(c => c.Metadata.Name == claim.ClaimName), $"{where}: PersistentVolumeClaim {claim.ClaimName} does not exist.");
            }

            foreach (var name in pod.Volumes.Select(v => v.Secret?.SecretName).OfType<string>())
            {
                Assert.True(rendered.FindSecret(name) is not null, $"{where}: Secret volume {name} does not exist.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Every_environment_variable_is_one_the_host_reads_and_the_whole_environment_binds(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in rendered.CohortGridDeployments)
        {
            foreach (var (container, isInit) in deployment.Spec.Template.Spec.AllContainers())
            {
                var environment = PodEnvironment.Of(rendered, deployment, container);
                foreach (var name in environment.Keys)
                {
                    Assert.Null(AppConfiguration.Unknown(name));
                }

                if (!isInit)
                {
                    var configuration = AppConfiguration.BindEnvironment(environment);
                    Assert.False(string.IsNullOrEmpty(configuration["Cluster:Redis"]), $"{overlay}: {deployment.Metadata.Name} has no Redis (Cluster__Redis): it would start a single-node cluster of its own.");
                    Assert.Equal("false", configuration["Api:GenerateKeyWhenUnset"]);
                    Assert.False(string.IsNullOrEmpty(configuration["Api:Keys:0:Sha256"]), $"{overlay}: {deployment.Metadata.Name} has no API key hash.");
                }
            }

            // Orleans endpoints from the downward API, not UseKubernetesHosting (two Deployments).
            var silo = deployment.Spec.Template.Spec.Containers[0];
            if (deployment.Metadata.Name != "dashboard")
            {
                Assert.Equal("status.podIP", silo.Env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
            }

            Assert.Equal("metadata.name", silo.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Command_line_flags_are_ones_the_host_knows_and_roles_match_the_deployment(string overlay)
    {
        var expectedRole = new Dictionary<string, string> { ["silo-cpu"] = "cpu", ["silo-gpu"] = "gpu", ["dashboard"] = "api" };
        foreach (var deployment in RenderedOverlay.Of(overlay).CohortGridDeployments)
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            Assert.Null(container.Command);
            var args = container.Args ?? [];
            foreach (var flag in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            {
                Assert.True(AppConfiguration.IsKnownFlag(flag), $"{overlay}: {deployment.Metadata.Name} passes {flag}, which the host does not know.");
            }

            var role = args.SkipWhile(a => a != "--role").Skip(1).FirstOrDefault();
            Assert.Equal(expectedRole[deployment.Metadata.Name!], role);
            Assert.DoesNotContain("--http-port", args);
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Init_containers_run_a_command_the_silo_image_provides(string overlay)
    {
        foreach (var deployment in RenderedOverlay.Of(overlay).Deployments)
        {
            foreach (var init in deployment.Spec.Template.Spec.InitContainers ?? [])
            {
                Assert.Contains("cohortgrid/silo:", init.Image, StringComparison.Ordinal);
                Assert.Equal(["cohortgrid", "sample", "models", "--out"], init.Command.Take(4));
                var models = init.VolumeMounts.Single(m => m.MountPath == init.Command[4]);
                Assert.NotEqual(true, models.ReadOnlyProperty);
                Assert.NotNull(deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == models.Name).EmptyDir);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Repo.Overlays), MemberType = typeof(Repo))]
    public void Cpu_silos_scale_on_cpu_and_gpu_silos_on_pending_slides_from_zero(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var hpa = Assert.Single(rendered.Autoscalers);
        Assert.Equal("silo-cpu", hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal("cpu", metric.Resource.Name);
        Assert.InRange(hpa.Spec.MinReplicas ?? 1, 1, hpa.Spec.MaxReplicas);
        Assert.NotNull(rendered.Deployment("silo-cpu").Spec.Template.Spec.Containers[0].Resources.Requests["cpu"]);

        var scaled = Assert.Single(rendered.ScaledObjects);
        Assert.Equal("silo-gpu", scaled.Spec.ScaleTargetRef.Name);
        Assert.Equal("Deployment", scaled.Spec.ScaleTargetRef.Kind ?? "Deployment");
        Assert.Equal(0, scaled.Spec.MinReplicaCount);
        Assert.InRange(scaled.Spec.MaxReplicaCount ?? 100, 1, 64);
        Assert.True(scaled.Spec.CooldownPeriod >= 60, $"{overlay}: GPU silos would be scaled to zero within a minute of the last pending slide.");
        var trigger = Assert.Single(scaled.Spec.Triggers);
        Assert.Equal("prometheus", trigger.Type);
        Assert.True(Uri.TryCreate(trigger.Metadata["serverAddress"], UriKind.Absolute, out _));
        Assert.True(double.Parse(trigger.Metadata["threshold"], CultureInfo.InvariantCulture) > 0);
        Assert.Equal("0", trigger.Metadata["activationThreshold"]);
        Assert.Equal(["cohortgrid_slides_pending"], PromQl.MetricNames(trigger.Metadata["query"]));
        Assert.Contains($"namespace=\"{Namespace}\"", trigger.Metadata["query"], StringComparison.Ordinal);

        // The behavior block is an autoscaling/v2 HPA behavior.
        if (scaled.Spec.Advanced?.HorizontalPodAutoscalerConfig?.Behavior is { } behavior)
        {
            var yaml = new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(behavior);
            TypedModels.Deserialize<V2HorizontalPodAutoscalerBehavior>(yaml);
        }

        // Replicas of autoscaled Deployments belong to their autoscaler.
        Assert.Null(rendered.Deployment("silo-cpu").Spec.Replicas);
        Assert.Null(rendered.Deployment("silo-gpu").Spec.Replicas);
    }

    [Fact]
    public void Prod_allows_more_gpu_silos_than_dev_and_uses_workload_identity_instead_of_a_storage_key()
    {
        var dev = RenderedOverlay.Of("dev");
        var prod = RenderedOverlay.Of("prod");
        Assert.True(prod.ScaledObjects[0].Spec.MaxReplicaCount > dev.ScaledObjects[0].Spec.MaxReplicaCount);
        Assert.True(dev.ScaledObjects[0].Spec.MaxReplicaCount <= 2);

        Assert.Contains(dev.Deployments, d => d.Metadata.Name == "redis");
        Assert.Contains(dev.Deployments, d => d.Metadata.Name == "azurite");
        Assert.DoesNotContain(prod.Deployments, d => d.Metadata.Name is "redis" or "azurite");

        var account = prod.ServiceAccounts.Single();
        Assert.True(Guid.TryParse(account.Metadata.Annotations["azure.workload.identity/client-id"], out _));
        foreach (var deployment in prod.CohortGridDeployments)
        {
            Assert.Equal("true", deployment.Spec.Template.Metadata.Label("azure.workload.identity/use"));
            var environment = PodEnvironment.Of(prod, deployment, deployment.Spec.Template.Spec.Containers[0]);
            Assert.StartsWith("https://", environment["Storage__AccountUrl"], StringComparison.Ordinal);
            Assert.DoesNotContain("Storage__ConnectionString", environment.Keys);
            Assert.DoesNotContain(":dev", deployment.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(prod.Secrets, s => true);
        var ingress = prod.Ingresses.Single();
        Assert.NotEmpty(ingress.Spec.Tls);
        Assert.DoesNotContain("example.com", ingress.Spec.Rules[0].Host, StringComparison.Ordinal);

        // Dev talks to its in-cluster Redis and Azurite Services.
        var devSecrets = dev.Secrets.ToDictionary(s => s.Metadata.Name);
        Assert.StartsWith("redis:", devSecrets["cohortgrid-redis"].StringData["connection-string"], StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint=http://azurite:10000/", devSecrets["cohortgrid-storage"].StringData["connection-string"], StringComparison.Ordinal);
        Assert.Contains(dev.Services, s => s.Metadata.Name == "redis" && s.Spec.Ports.Any(p => p.Port == 6379));
        Assert.Contains(dev.Services, s => s.Metadata.Name == "azurite" && s.Spec.Ports.Any(p => p.Port == 10000));
    }

    [Fact]
    public void The_dev_api_key_hash_is_the_hash_of_the_documented_dev_key()
    {
        var secret = RenderedOverlay.Of("dev").Secrets.Single(s => s.Metadata.Name == "cohortgrid-api-keys");
        Assert.Equal(CohortGrid.Dashboard.Auth.ApiKeys.Hash("cohortgrid-dev-key"), secret.StringData["sha256"]);
    }

    private static string Format(IDictionary<string, string>? labels) => labels is null ? "{}" : "{" + string.Join(", ", labels.Select(p => $"{p.Key}={p.Value}")) + "}";
}

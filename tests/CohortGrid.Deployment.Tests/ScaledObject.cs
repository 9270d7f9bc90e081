using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CohortGrid.Deployment.Tests;

/// <summary>
/// KEDA's ScaledObject (keda.sh/v1alpha1), which KubernetesClient has no model of: the fields KEDA documents for
/// it (https://keda.sh/docs/latest/reference/scaledobject-spec/). Deserialized strictly: an unknown field fails.
/// </summary>
public sealed class ScaledObject
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public ObjectMetadata Metadata { get; set; } = new();

    public ScaledObjectSpec Spec { get; set; } = new();

    public static ScaledObject Parse(string yaml) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<ScaledObject>(yaml);
}

public sealed class ObjectMetadata
{
    public string Name { get; set; } = "";

    public string? Namespace { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];
}

public sealed class ScaledObjectSpec
{
    public ScaleTarget ScaleTargetRef { get; set; } = new();

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public int? InitialCooldownPeriod { get; set; }

    public int? IdleReplicaCount { get; set; }

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public Dictionary<string, object>? Fallback { get; set; }

    public AdvancedSettings? Advanced { get; set; }

    public List<ScaleTrigger> Triggers { get; set; } = [];
}

public sealed class ScaleTarget
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string Name { get; set; } = "";

    public string? EnvSourceContainerName { get; set; }
}

public sealed class AdvancedSettings
{
    public bool? RestoreToOriginalReplicaCount { get; set; }

    public HpaConfig? HorizontalPodAutoscalerConfig { get; set; }

    public Dictionary<string, object>? ScalingModifiers { get; set; }
}

public sealed class HpaConfig
{
    public string? Name { get; set; }

    /// <summary>An autoscaling/v2 HorizontalPodAutoscalerBehavior (checked with the typed model separately).</summary>
    public Dictionary<string, object>? Behavior { get; set; }
}

public sealed class ScaleTrigger
{
    public string Type { get; set; } = "";

    public string? Name { get; set; }

    public bool? UseCachedMetrics { get; set; }

    public string? MetricType { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public Dictionary<string, string>? AuthenticationRef { get; set; }
}

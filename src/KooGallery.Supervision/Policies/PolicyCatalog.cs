using System.Globalization;

namespace KooGallery.Supervision;

/// <summary>The policy versions in force, selected by placement instant (policy versions, R33). Immutable.</summary>
internal sealed class PolicyCatalog
{
    /// <summary>The option whose entries <see cref="Validate"/> checks, named by its exceptions.</summary>
    private static readonly string PoliciesOption = nameof(ServiceSupervisionOptions.Policies);

    private readonly SupervisionPolicy[] _byStart;
    private readonly Dictionary<string, SupervisionPolicy> _byVersion;

    /// <summary>
    /// Builds the catalog of policies checked by <see cref="Validate"/>, with <see cref="SupervisionPolicy.Default"/>
    /// beside them when <paramref name="includeDefault"/> is set and none of them takes its place (one that starts at
    /// <see cref="Instant.MinValue"/> or is named like it); none at all means the default alone.
    /// </summary>
    public PolicyCatalog(IEnumerable<SupervisionPolicy> policies, bool includeDefault = true)
    {
        var list = policies.ToList();
        var builtIn = SupervisionPolicy.Default;
        if (list.Count == 0 || (includeDefault && !list.Exists(p => p is not null && (p.EffectiveFrom == builtIn.EffectiveFrom || p.Version == builtIn.Version))))
        {
            list.Add(builtIn);
        }

        Validate(list);
        _byVersion = new Dictionary<string, SupervisionPolicy>(StringComparer.Ordinal);
        foreach (var policy in list)
        {
            _byVersion.Add(policy.Version, policy);
        }

        _byStart = [.. list.OrderBy(p => p.EffectiveFrom)];
    }

    /// <summary>
    /// Checks a list of policy versions: no null, each valid, version names unique (a flow finds its policy by
    /// name: policy versions, R33) and start instants distinct (a placement selects exactly one).
    /// </summary>
    /// <exception cref="ArgumentException">A policy is out of range, null, or clashes with another; the message names it.</exception>
    public static void Validate(IList<SupervisionPolicy> policies)
    {
        var byVersion = new Dictionary<string, int>(StringComparer.Ordinal);
        var byStart = new Dictionary<Instant, int>();
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i] ?? throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"ServiceSupervisionOptions.Policies[{i}] is null; remove it or give a policy."), PoliciesOption);
            policy.Validate();
            if (!byVersion.TryAdd(policy.Version, i))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"ServiceSupervisionOptions.Policies[{byVersion[policy.Version]}] and Policies[{i}] share the version name '{policy.Version}'; give each a unique name (flows find their policy by it)."), PoliciesOption);
            }

            if (!byStart.TryAdd(policy.EffectiveFrom, i))
            {
                var other = policies[byStart[policy.EffectiveFrom]];
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Supervision policies '{other.Version}' and '{policy.Version}' start at the same instant {policy.EffectiveFrom}; one must start later."), PoliciesOption);
            }
        }
    }

    /// <summary>Gets the policy that starts first.</summary>
    public SupervisionPolicy Earliest => _byStart[0];

    /// <summary>The policy in force for an order placed at <paramref name="placedAt"/>, or null when none had started.</summary>
    public SupervisionPolicy? ForPlacement(Instant placedAt)
    {
        SupervisionPolicy? found = null;
        foreach (var policy in _byStart)
        {
            if (policy.EffectiveFrom > placedAt)
            {
                break;
            }

            found = policy;
        }

        return found;
    }

    /// <summary>
    /// The policy a flow keeps (policy versions, R33): the one whose version name the flow stored. A flow is never moved
    /// to another policy silently: an unregistered version is a configuration error.
    /// </summary>
    public SupervisionPolicy For(ServiceFlow flow) =>
        _byVersion.TryGetValue(flow.PolicyVersion, out var policy)
            ? policy
            : throw new InvalidOperationException(
                $"Flow {flow.OrderNumber} keeps policy version '{flow.PolicyVersion}', which is not registered. Register every policy version that flows still use (ServiceSupervisionOptions.Policies); a renamed policy must keep its old version name.");
}

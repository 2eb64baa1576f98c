using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace KooGallery.Supervision;

/// <summary>The policy versions in force, selected by placement instant (R33). Immutable.</summary>
internal sealed class PolicyCatalog
{
    private readonly SupervisionPolicy[] _byStart;
    private readonly Dictionary<string, SupervisionPolicy> _byVersion;

    public PolicyCatalog(IEnumerable<SupervisionPolicy> policies)
    {
        var list = policies.ToList();
        if (list.Count == 0)
        {
            list.Add(SupervisionPolicy.Default);
        }

        foreach (var policy in list)
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(policies));
            policy.Validate();
        }

        _byVersion = new Dictionary<string, SupervisionPolicy>(StringComparer.Ordinal);
        foreach (var policy in list)
        {
            if (!_byVersion.TryAdd(policy.Version, policy))
            {
                throw new ArgumentException($"Two supervision policies share the version name '{policy.Version}'; give each a unique name.", nameof(policies));
            }
        }

        _byStart = [.. list.OrderBy(p => p.EffectiveFrom)];
        for (var i = 1; i < _byStart.Length; i++)
        {
            if (_byStart[i].EffectiveFrom == _byStart[i - 1].EffectiveFrom)
            {
                throw new ArgumentException($"Supervision policies '{_byStart[i - 1].Version}' and '{_byStart[i].Version}' start at the same instant; one must start later.", nameof(policies));
            }
        }
    }

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
    /// The policy a flow keeps (R33): the one whose version name the flow stored. A flow is never moved
    /// to another policy silently: an unregistered version is a configuration error.
    /// </summary>
    public SupervisionPolicy For(ServiceFlow flow) =>
        _byVersion.TryGetValue(flow.PolicyVersion, out var policy)
            ? policy
            : throw new InvalidOperationException(
                $"Flow {flow.OrderNumber} keeps policy version '{flow.PolicyVersion}', which is not registered. Register every policy version that flows still use (ServiceSupervisionOptions.Policies); a renamed policy must keep its old version name.");
}

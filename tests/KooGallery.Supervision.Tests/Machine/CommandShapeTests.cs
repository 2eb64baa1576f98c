using System.Reflection;
using KooGallery.Supervision.Machine;

namespace KooGallery.Supervision.Tests.Machine;

/// <summary>Every command is the library's own, and each fires the one trigger its action stands for.</summary>
public class CommandShapeTests
{
    [Fact]
    public void No_command_can_be_declared_outside_the_library()
    {
        // A member that is abstract and internal cannot be overridden by another assembly, so no type there can derive
        // from SupervisionCommand: a command from elsewhere would bypass the validation of its input.
        var hidden = typeof(SupervisionCommand)
            .GetMembers(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(member => member switch
            {
                MethodInfo method => method.IsAbstract && method.IsAssembly,
                PropertyInfo property => property.GetMethod is { IsAbstract: true, IsAssembly: true },
                _ => false,
            });

        hidden.Should().NotBeEmpty();
        typeof(SupervisionCommand).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(SupervisionCommand)))
            .Should().OnlyContain(type => type.IsSealed && type.IsPublic);
    }

    [Theory]
    [InlineData(SupervisionAction.SubmitRequest, "SubmitRequest")]
    [InlineData(SupervisionAction.PostProgressUpdate, "PostProgressUpdate")]
    [InlineData(SupervisionAction.OpenAppeal, "OpenAppeal")]
    [InlineData(SupervisionAction.SendReminder, "SendReminder")]
    public void A_command_fires_the_one_trigger_of_its_action(SupervisionAction action, string trigger) =>
        CommandTriggers.Of(action).Should().Be(Enum.Parse<Trigger>(trigger));

    [Fact]
    public void An_action_with_a_trigger_per_case_has_none_to_look_up()
    {
        var act = () => CommandTriggers.Of(SupervisionAction.DecideAppeal);

        act.Should().Throw<InvalidOperationException>().WithMessage("*DecideAppeal*its command must choose one*");
    }
}

package com.microenv.cli.commands;

import com.microenv.cli.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code microenv completion bash|zsh}: the shell completion script picocli generates from the command model. */
@Command(name = "completion",
        description = {"Print a completion script for bash or zsh.",
                "bash: source <(microenv completion bash)   (or save it in /etc/bash_completion.d/microenv)",
                "zsh:  source <(microenv completion zsh)    (in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { BASH, ZSH }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MicroenvCommand root = MicroenvCommand.of(spec);
        CommandLine whole = MicroenvCommand.commandLine(root.context(), spec.commandLine().getOut(), spec.commandLine().getErr());
        String script = AutoComplete.bash("microenv", whole);
        if (shell == Shell.ZSH) {
            // picocli's script runs in zsh through bashcompinit.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}

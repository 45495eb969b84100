/**
 * Local mode's AWS CodeBuild, answered as JSON ({@code RawJsonService}; the CodeBuild SDK model jar
 * is not available here).
 *
 * <p>Operations: CreateProject (how the template's project is deployed), BatchGetProjects,
 * StartBuild (sourceVersion, environmentVariablesOverride, buildspecOverride,
 * timeoutInMinutesOverride, idempotencyToken), BatchGetBuilds, StopBuild, ListBuildsForProject,
 * ListBuilds, ListProjects.
 *
 * <p>A build clones the project's local git repository at {@code sourceVersion} into a clean work
 * dir under {@code <stateDir>/codebuild/builds/} and runs the buildspec phases on the host: {@code
 * install}, {@code pre_build}, {@code build}, {@code post_build} with CodeBuild's phase transitions
 * and {@code CODEBUILD_*} variables, {@code env.variables} / {@code exported-variables}, {@code
 * on-failure}, {@code finally}, and the build timeout. {@code docker} is podman with local mode's
 * configuration and {@code aws} calls the local endpoint (shims on PATH). The live log is {@code
 * <stateDir>/logs/codebuild/<project>-<uuid>.log}, shown by {@code slipway logs <project>} ({@link
 * dev.slipway.localcloud.codebuild.LocalCodeBuild#logFile}). Builds emit "CodeBuild Build State
 * Change" events (IN_PROGRESS, then the final status) to a {@link
 * dev.slipway.localcloud.codebuild.BuildEventSink}.
 *
 * <p>Differences from AWS: builds run on the host, not in the project's image ({@code
 * runtime-versions} is ignored); only PLAINTEXT variables (no Parameter Store / Secrets Manager
 * variables); no artifacts, reports, caches or batch builds. Builds are journaled under {@code
 * <stateDir>/codebuild/journal/}: after a restart BatchGetBuilds still answers for finished builds,
 * and {@link dev.slipway.localcloud.codebuild.LocalCodeBuild#resumeInterrupted} runs a build the
 * crash interrupted again from the start (same id), after killing the command it left running.
 */
package dev.slipway.localcloud.codebuild;

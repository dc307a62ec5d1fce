/**
 * Issue 13 item 6, first bullet: TrackplanFM's action calls (PUT /api/jobTasks/StartTask/{guid},
 * …/CompleteTask/…, PUT /api/jobs/complete/{guid}) are not idempotent: once applied, a repeat is refused with
 * a 400. After a 5xx that had already taken effect the server must not resend them (which drew "validation_failed
 * … fix the arguments" for a change that landed): it reads the task or job back and answers `reconciled`.
 * The built server over stdio against a TrackplanFM sandbox this test owns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "./harness.js";
import { raiseJob, seenTp, trackplanfmAgainstSandbox } from "./trackplanfm-harness.js";

let env: Awaited<ReturnType<typeof trackplanfmAgainstSandbox>>;
let siteId: string;

beforeAll(async () => {
  env = await trackplanfmAgainstSandbox();
  siteId = env.sandbox.store.all("sites").find((s) => s.name === "Stockport Central Library")!.guid;
});
afterAll(async () => {
  await env?.close();
});

async function jobWithTask(title: string): Promise<{ jobId: string; taskId: string }> {
  const jobId = await raiseJob(env.client, siteId, title);
  const task = await call(env.client, "add_job_task", { job_id: jobId, description: `${title}: on site` });
  expect(task.isError, task.text).toBe(false);
  return { jobId, taskId: task.data.task.id };
}

describe("TrackplanFM actions after a 5xx that took effect", () => {
  it.each([
    ["Task Started", "/jobTasks/StartTask/", "Started"],
    ["Task Completed", "/jobTasks/CompleteTask/", "Completed"],
  ])("%s: one PUT, answered reconciled, never validation_failed", async (status, path, taskStatus) => {
    const { jobId, taskId } = await jobWithTask(`Action ${status} ${Date.now()}`);
    const before = seenTp(env.sandbox, "PUT", path);
    env.sandbox.faults.clear();
    env.sandbox.faults.add({ method: "PUT", path: new RegExp(`^/api${path}${taskId}$`, "i"), kind: "fail_after_commit", status: 502 });
    const r = await call(env.client, "update_job_status", { job_id: jobId, status, task_id: taskId });
    expect(r.text).not.toMatch(/validation_failed|fix the arguments/);
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("reconciled");
    expect(env.sandbox.faults.fired).toHaveLength(1);
    expect(seenTp(env.sandbox, "PUT", path)).toBe(before + 1);
    expect(env.sandbox.store.get("jobTasks", taskId)).toMatchObject({ taskStatus });
  });

  it("complete job: one PUT, answered reconciled", async () => {
    const { jobId, taskId } = await jobWithTask(`Action complete ${Date.now()}`);
    const done = await call(env.client, "update_job_status", { job_id: jobId, status: "Task Completed", task_id: taskId });
    expect(done.isError, done.text).toBe(false);
    const before = seenTp(env.sandbox, "PUT", "/jobs/complete/");
    env.sandbox.faults.clear();
    env.sandbox.faults.add({ method: "PUT", path: new RegExp(`^/api/jobs/complete/${jobId}$`, "i"), kind: "fail_after_commit", status: 500 });
    const r = await call(env.client, "update_job_status", { job_id: jobId, status: "Completed", confirm: true });
    expect(r.text).not.toMatch(/validation_failed|fix the arguments/);
    expect(r.isError, r.text).toBe(false);
    expect(r.data).toMatchObject({ outcome: "reconciled", job: { status: "Completed" } });
    expect(seenTp(env.sandbox, "PUT", "/jobs/complete/")).toBe(before + 1);
  });

  it("a plain PUT of the record's fields (update a job task) is still retried by the HTTP core after a 5xx", async () => {
    const { jobId, taskId } = await jobWithTask(`Plain PUT ${Date.now()}`);
    env.sandbox.faults.clear();
    env.sandbox.faults.add({ method: "PUT", path: new RegExp(`^/api/JobTasks/Update/${taskId}$`, "i"), kind: "status", status: 503 });
    const r = await call(env.client, "update_job_task", { job_id: jobId, task_id: taskId, description: "Reworded on the phone" });
    expect(r.isError, r.text).toBe(false);
    expect(r.data.outcome).toBe("updated");
    expect(env.sandbox.faults.fired).toHaveLength(1);
  });
});

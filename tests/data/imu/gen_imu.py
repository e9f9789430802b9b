#!/usr/bin/python3
"""Simulated wearable IMU sessions with a known truth (issue #17, item 3).

The model is tests/unit/imu_sim.h's, in numpy:

  segment   q_seg(t) = Rz(yaw) Rx(lateral) Ry(theta): theta the sagittal
            inclination (the truth) about the segment's mediolateral axis,
            after a small yaw and lateral wobble (2 deg);
  sensor    q(t) = q_seg(t) q_mount, a fixed arbitrary mounting per sensor;
  position  p(t) = (0, 0, pivot_z(t)) + R_seg(t) (0, 0, radius);
  accel     q* (p'' + g e_z) q + Gaussian noise (specific force);
  gyro      2 vec(q* q') + a constant bias + Gaussian noise.

Writes, next to this script:

  squat_waist_thigh.csv   10 squats, sensors 'waist' and 'thigh', ~110 Hz
                          with irregular steps (+-20 %), time in s,
                          accelerometer m/s^2, gyroscope rad/s
  squat_waist_thigh.truth.csv   time, trunk, thigh, hip (deg)
  deadlift_spine.csv      5 deadlifts, sensors 'upper', 'lower', 'sacrum',
                          'thigh', ~100 Hz irregular, time in ms,
                          accelerometer g, gyroscope deg/s
  deadlift_spine.truth.csv      time, thoracic, lumbar, hip, trunk (deg)
  deadlift_spine.flags.csv      rep, upper_back_rounding, lumbar_rounding (truth)

  /usr/bin/python3 tests/data/imu/gen_imu.py   (numpy, python3-numpy; deterministic)
"""
import os

import numpy as np

G = 9.80665
HERE = os.path.dirname(os.path.abspath(__file__))


def qmul(a, b):
    aw, ax, ay, az = a[..., 0], a[..., 1], a[..., 2], a[..., 3]
    bw, bx, by, bz = b[..., 0], b[..., 1], b[..., 2], b[..., 3]
    return np.stack([aw * bw - ax * bx - ay * by - az * bz,
                     aw * bx + ax * bw + ay * bz - az * by,
                     aw * by - ax * bz + ay * bw + az * bx,
                     aw * bz + ax * by - ay * bx + az * bw], axis=-1)


def qconj(q):
    return q * np.array([1, -1, -1, -1])


def qaxis(axis, ang):
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    ang = np.asarray(ang, float)
    return np.concatenate([np.cos(ang / 2)[..., None], np.sin(ang / 2)[..., None] * axis], axis=-1)


def qrot(q, v):
    vq = np.concatenate([np.zeros(v.shape[:-1] + (1,)), v], axis=-1)
    return qmul(qmul(q, vq), qconj(q))[..., 1:]


class Sensor:
    def __init__(self, mount_axis, mount_deg, radius, bias, seed, wobble_deg=2.0,
                 acc_noise=0.05, gyr_noise=0.01):
        self.qm = qaxis(mount_axis, np.radians(mount_deg))
        self.radius, self.bias, self.seed = radius, np.asarray(bias, float), seed
        self.wobble = np.radians(wobble_deg)
        self.acc_noise, self.gyr_noise = acc_noise, gyr_noise

    def qseg(self, theta_deg, t):
        qz = qaxis([0, 0, 1], self.wobble * np.sin(2 * np.pi * 0.37 * t))
        qx = qaxis([1, 0, 0], self.wobble * np.sin(2 * np.pi * 0.23 * t + 1))
        qy = qaxis([0, 1, 0], np.radians(theta_deg))
        return qmul(qmul(qz, qx), qy)

    def sample(self, theta, pivot, t):
        """theta(t) deg and pivot(t) m are vectorised functions."""
        h = 1e-3
        rng = np.random.default_rng(self.seed)

        def q(tt):
            return qmul(self.qseg(theta(tt), tt), np.broadcast_to(self.qm, tt.shape + (4,)))

        def pos(tt):
            r = np.zeros(tt.shape + (3,))
            r[..., 2] = self.radius
            p = qrot(self.qseg(theta(tt), tt), r)
            p[..., 2] += pivot(tt)
            return p

        q0, qm_, qp = q(t), q(t - h), q(t + h)
        a = (pos(t + h) - 2 * pos(t) + pos(t - h)) / (h * h)
        a[..., 2] += G
        acc = qrot(qconj(q0), a)
        gyr = 2 * qmul(qconj(q0), (qp - qm_) / (2 * h))[..., 1:]
        acc += self.acc_noise * rng.standard_normal(acc.shape)
        gyr += self.bias + self.gyr_noise * rng.standard_normal(gyr.shape)
        return acc, gyr


def times(fs, length, jitter, seed):
    rng = np.random.default_rng(seed)
    steps = (1 + jitter * (2 * rng.random(int(length * fs * 1.3) + 10) - 1)) / fs
    t = np.concatenate([[0], np.cumsum(steps)])
    return t[t <= length]


def cycle(t, stand, down, bottom, up, top, reps):
    """(rep index or -1, shape 0..1, phase: 0 stand, 1 down, 2 bottom, 3 up, 4 top, u in phase)"""
    cyc = down + bottom + up + top
    x = t - stand
    k = np.floor(x / cyc).astype(int)
    inside = (x >= 0) & (k < reps)
    y = x - k * cyc
    shape = np.zeros_like(t)
    phase = np.zeros(t.shape, int)
    u = np.zeros_like(t)
    m = inside & (y < down)
    shape[m] = 0.5 - 0.5 * np.cos(np.pi * y[m] / down)
    phase[m], u[m] = 1, y[m] / down
    m = inside & (y >= down) & (y < down + bottom)
    shape[m], phase[m], u[m] = 1, 2, (y[m] - down) / bottom
    m = inside & (y >= down + bottom) & (y < down + bottom + up)
    yy = y[m] - down - bottom
    shape[m] = 0.5 + 0.5 * np.cos(np.pi * yy / up)
    phase[m], u[m] = 3, yy / up
    m = inside & (y >= down + bottom + up)
    phase[m] = 4
    return np.where(inside, k, -1), shape, phase, u


def write(path, header, cols, fmt):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row in zip(*cols):
            f.write(",".join(fm % v for fm, v in zip(fmt, row)) + "\n")


def squat():
    p = dict(stand=3.0, down=1.0, bottom=0.3, up=1.0, top=0.6, reps=10)
    length = 2 * p["stand"] + p["reps"] * (p["down"] + p["bottom"] + p["up"] + p["top"])
    t = times(110, length, 0.2, 5)

    def shape(tt):
        return cycle(tt, **p)[1]

    trunk = lambda tt: 40 * shape(tt)
    thigh = lambda tt: 95 * shape(tt)
    pivot = lambda tt: -0.45 * shape(tt)
    waist = Sensor([0.3, 1, -0.4], 73, 0.15, [0.02, -0.015, 0.01], 11)
    th = Sensor([-1, 0.2, 0.5], 141, -0.2, [-0.01, 0.02, 0.02], 23)
    aw, gw = waist.sample(trunk, pivot, t)
    at, gt = th.sample(thigh, pivot, t)
    header = ["time"] + [f"waist_{k}" for k in ("ax", "ay", "az", "gx", "gy", "gz")] + \
             [f"thigh_{k}" for k in ("ax", "ay", "az", "gx", "gy", "gz")]
    cols = [t] + [aw[:, i] for i in range(3)] + [gw[:, i] for i in range(3)] + \
           [at[:, i] for i in range(3)] + [gt[:, i] for i in range(3)]
    write(os.path.join(HERE, "squat_waist_thigh.csv"), header, cols, ["%.5f"] + ["%.5f"] * 12)
    write(os.path.join(HERE, "squat_waist_thigh.truth.csv"), ["time", "trunk", "thigh", "hip"],
          [t, trunk(t), thigh(t), trunk(t) + thigh(t)], ["%.5f", "%.4f", "%.4f", "%.4f"])


def deadlift():
    p = dict(stand=3.0, down=1.2, bottom=1.0, up=1.5, top=1.5, reps=5)
    length = 2 * p["stand"] + p["reps"] * (p["down"] + p["bottom"] + p["up"] + p["top"])
    t = times(100, length, 0.2, 7)
    # rounding during the pull, per rep: (thoracic, lumbar) bump in deg
    bumps = [(0, 0), (0, 14), (14, 0), (14, 14), (0, 0)]

    def parts(tt):
        k, shape, phase, u = cycle(tt, **p)
        hip = 80 * shape
        bt = np.zeros_like(tt)
        bl = np.zeros_like(tt)
        pull = (phase == 3) & (k >= 0)
        for r, (a, b) in enumerate(bumps):
            m = pull & (k == r)
            bt[m] = a * np.sin(np.pi * u[m])
            bl[m] = b * np.sin(np.pi * u[m])
        sacrum = 0.5 * hip
        lumbar = 0.15 * hip + bl
        thoracic = 0.10 * hip + bt
        lower = sacrum + lumbar
        upper = lower + thoracic
        thigh = hip - upper
        return dict(hip=hip, sacrum=sacrum, lumbar=lumbar, thoracic=thoracic, lower=lower,
                    upper=upper, thigh=thigh, k=k, phase=phase)

    pivot = lambda tt: -0.25 * cycle(tt, **p)[1]
    sensors = {
        "upper": Sensor([0.5, 1, 0.2], 35, 0.45, [0.01, 0.02, -0.01], 31),
        "lower": Sensor([1, -0.3, 0.6], 120, 0.2, [-0.02, 0.01, 0.015], 37),
        "sacrum": Sensor([0.1, 0.4, 1], 200, 0.05, [0.015, 0.015, -0.02], 41),
        "thigh": Sensor([-1, 0.2, 0.5], 141, -0.2, [-0.01, 0.02, 0.02], 43),
    }
    truth = parts(t)
    header, cols, fmt = ["time_ms"], [np.round(t * 1000, 1)], ["%.1f"]
    for name, s in sensors.items():
        acc, gyr = s.sample(lambda tt, n=name: parts(tt)[n], pivot, t)
        for i, ax in enumerate("xyz"):
            header.append(f"{name}_a{ax}")
            cols.append(acc[:, i] / G)
            fmt.append("%.5f")
        for i, ax in enumerate("xyz"):
            header.append(f"{name}_g{ax}")
            cols.append(np.degrees(gyr[:, i]))
            fmt.append("%.4f")
    write(os.path.join(HERE, "deadlift_spine.csv"), header, cols, fmt)
    write(os.path.join(HERE, "deadlift_spine.truth.csv"),
          ["time", "thoracic", "lumbar", "hip", "trunk"],
          [t, truth["thoracic"], truth["lumbar"], truth["hip"], truth["upper"]],
          ["%.5f", "%.4f", "%.4f", "%.4f", "%.4f"])
    # the truth flags: rounding = peak - value at liftoff over the pull >= 5 deg
    rows = []
    for r in range(p["reps"]):
        m = (truth["k"] == r) & (truth["phase"] == 3)
        idx = np.nonzero(m)[0]
        fl = []
        for ch in ("thoracic", "lumbar"):
            v = truth[ch][idx[0]:idx[-1] + 2]
            fl.append(int(v.max() - v[0] >= 5))
            assert v.max() - v[0] >= 8 or v.max() - v[0] <= 2, (r, ch, v.max() - v[0])
        rows.append((r + 1, fl[0], fl[1]))
    write(os.path.join(HERE, "deadlift_spine.flags.csv"),
          ["rep", "upper_back_rounding", "lumbar_rounding"],
          list(zip(*rows)), ["%d", "%d", "%d"])


if __name__ == "__main__":
    squat()
    deadlift()

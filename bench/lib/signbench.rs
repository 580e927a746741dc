//! RS256 signing rate of aws-lc-rs, the library `cpi serve` signs tokens with, on one core.
//! Built by bench/token-variants.sh against the aws-lc-rs version in the workspace's Cargo.lock.
//! usage: signbench <seconds> <signing-input bytes>; prints signatures per second.
use std::time::{Duration, Instant};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::RSA_PKCS1_SHA256;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>().expect("numeric arguments"));
    let seconds = args.next().unwrap_or(3);
    let input_len = args.next().unwrap_or(6000) as usize;
    let key = KeyPair::generate(KeySize::Rsa2048).expect("key generation");
    let rng = SystemRandom::new();
    let input = vec![b'x'; input_len];
    let mut signature = vec![0u8; key.public_modulus_len()];
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < Duration::from_secs(seconds) {
        key.sign(&RSA_PKCS1_SHA256, &rng, &input, &mut signature).expect("sign");
        count += 1;
    }
    println!("{:.1}", count as f64 / start.elapsed().as_secs_f64());
}
